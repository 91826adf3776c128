// Exim configurations for the truth tests (the lab main options are prepended by the rig).
// `@TMP@` becomes the test's temporary directory.

export const RESTRICT = `
domainlist local_domains = @ : localhost
domainlist allowed_domains = allowed.test : org.example
begin routers
block_unallowed:
  driver = redirect
  domains = ! +local_domains : ! +allowed_domains
  allow_fail
  data = :fail: outbound mail to $domain is blocked by local policy
smarthost:
  driver = manualroute
  domains = org.example
  transport = smarthost_smtp
  route_list = * smtp.relay.example
  no_more
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8
  no_more
begin transports
remote_smtp:
  driver = smtp
smarthost_smtp:
  driver = smtp
  port = 587
  hosts_require_tls = *
`;

export const DIRECT = `
.ifdef NOV6
disable_ipv6 = true
.endif
.ifdef V4LOOKUP
dns_ipv4_lookup = V4LOOKUP
.endif
domainlist local_domains = @ : localhost
begin routers
.ifdef BLACKHOLE
drop_all:
  driver = redirect
  domains = ! +local_domains
  data = :blackhole:
.endif
.ifdef FAILNOALLOW
fail_no_allow:
  driver = redirect
  domains = ! +local_domains
  data = :fail: not allowed
.endif
.ifdef ARCHIVE
archive_copy:
  driver = manualroute
  domains = ! +local_domains
  route_list = * 203.0.113.99
  transport = remote_smtp
  unseen
.endif
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8
.ifdef V4ONLY
  ipv4_only = true
.endif
.ifdef V4PREFER
  ipv4_prefer = true
.endif
.ifdef MXDOMAINS
  mx_domains = *
.endif
.ifndef MORE
  no_more
.endif
.ifdef MORE
fallback_smarthost:
  driver = manualroute
  domains = ! +local_domains
  route_list = * relay.test
  transport = remote_smtp
.endif
begin transports
remote_smtp:
  driver = smtp
`;

export const MANUAL = `
domainlist local_domains = @ : localhost
begin routers
static_routes:
  driver = manualroute
  transport = remote_smtp
  route_list = ports.test      "</ [203.0.113.10]:2525 / [2001:db8::25]:587" ; \\
               mx.test         allowed.test/MX ; \\
               byname.test     relay.test byname ; \\
               v4.test         relay.test bydns ipv4_only ; \\
               v4pref.test     relay.test bydns ipv4_prefer ; \\
               submission.test relay.test submission_smtp ; \\
               hostport.test   relay.test::587 ; \\
               missing.test    no-such-host.test
  host_find_failed = decline
begin transports
remote_smtp:
  driver = smtp
submission_smtp:
  driver = smtp
  protocol = smtps
`;

export const CPANEL = `
domainlist local_domains = @ : localhost
domainlist manualmx_domains = lsearch;@TMP@/manualmx
begin routers
democheck:
  driver = redirect
  condition = \${if exists{@TMP@/demouids}{yes}{no}}
  allow_fail
  data = :fail: demo accounts are not permitted to relay email
check_mail_permissions:
  driver = redirect
  domains = ! +local_domains
  condition = \${if exists{@TMP@/no-such-file}}
  no_verify
  allow_fail
  data = :fail: not permitted
manualmx:
  driver = manualroute
  domains = +manualmx_domains
  transport = remote_smtp
  route_data = \${lookup{$domain}lsearch{@TMP@/manualmx}}
lookuphost:
  driver = dnslookup
  domains = ! +local_domains
  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8
  transport = remote_smtp
fail_remote_domains:
  driver = redirect
  domains = ! +local_domains
  allow_fail
  data = :fail: The mail server could not deliver mail to $local_part@$domain.
begin transports
remote_smtp:
  driver = smtp
`;

export const TRANSPORT_HOSTS = `
domainlist local_domains = @ : localhost
begin routers
to_relay_accept:
  driver = accept
  domains = accept.test
  transport = relay_smtp
override:
  driver = dnslookup
  domains = ! +local_domains
  transport = relay_override_smtp
begin transports
relay_smtp:
  driver = smtp
  hosts = relay.test
  port = 587
relay_override_smtp:
  driver = smtp
  hosts = relay.test::2525
  hosts_override
`;
