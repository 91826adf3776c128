// What postconf prints on a Debian host (written for the tests: .test/.example names, documentation addresses).
export const POSTCONF_N = [
  'alias_maps = hash:/etc/aliases',
  'inet_protocols = all',
  'mydestination = $myhostname, localhost',
  'myhostname = mail.example.test',
  'relayhost =',
  'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
  'smtp_tls_key_file = /etc/ssl/private/mail.key',
  'transport_maps = hash:/etc/postfix/transport',
  'virtual_alias_maps = hash:/etc/postfix/virtual',
  'smtpd_recipient_restrictions = permit_mynetworks, reject_unverified_recipient',
  '',
].join('\n');

export const POSTCONF_M = [
  'smtp       inet  n       -       y       -       -       smtpd',
  'pickup     unix  n       -       y       60      1       pickup',
  'smtp       unix  -       -       y       -       -       smtp',
  'relay      unix  -       -       y       -       -       smtp -o syslog_name=postfix/$service_name',
  'error      unix  -       -       y       -       -       error',
  'discard    unix  -       -       y       -       -       discard',
  'local      unix  -       n       n       -       -       local',
  'virtual    unix  -       n       n       -       -       virtual',
  '',
].join('\n');

export const POSTCONF_P = 'relay/unix/syslog_name = postfix/$service_name\n';

export const TRANSPORT = 'allowed.test :\n* error:5.7.1 outbound mail is restricted\n';
export const VIRTUAL = 'alias@example.test user@dest.test\n';

export const PASSWD_POSTFIX = 'root:x:0:0:root:/root:/bin/bash\npostfix:x:107:113::/var/spool/postfix:/usr/sbin/nologin\nDebian-exim:x:102:105::/var/spool/exim4:/usr/sbin/nologin\n';

export const SS_POSTFIX = [
  'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
  'LISTEN 0      100          0.0.0.0:25        0.0.0.0:*     users:(("master",pid=1234,fd=13))',
  'LISTEN 0      100             [::]:25           [::]:*     users:(("master",pid=1234,fd=14))',
  'LISTEN 0      128          0.0.0.0:22        0.0.0.0:*     users:(("sshd",pid=700,fd=3))',
  '',
].join('\n');

export const SS_EXIM = 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0      20         127.0.0.1:25        0.0.0.0:*     users:(("exim4",pid=812,fd=3))\n';
