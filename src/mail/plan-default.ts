// Without any Exim input mailleak plans as Exim's Debian configuration for an "internet" site
// would (debconf dc_eximconfig_configtype=internet, exim-samples/debian-internet.conf): the
// dnslookup router sends non-local domains to remote_smtp on port 25. The plan says so.
import type { EximConfig } from './exim/config.js';
import { readEximConfigFile } from './exim/read-config.js';

const DEBIAN_INTERNET = `
domainlist local_domains = @ : localhost
begin routers
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  same_domain_copy_routing = yes
  ignore_target_hosts = <; 0.0.0.0 ; 127.0.0.0/8 ; 192.168.0.0/16 ; 172.16.0.0/12 ; 10.0.0.0/8 ; 169.254.0.0/16 ; 255.255.255.255 ; ::/128 ; ::1/128 ; fc00::/7 ; fe80::/10 ; 100::/64
  no_more
local_user:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = mail_spool
begin transports
remote_smtp:
  driver = smtp
mail_spool:
  driver = appendfile
  file = /var/mail/$local_part_data
`;

export const DEFAULT_CONFIG_NOTE =
  "no Exim configuration given: assumed Debian's default for an internet site (dnslookup for non-local domains → remote_smtp, port 25)";

export function readAssumedDefaultConfig(): EximConfig {
  return { ...readEximConfigFile(DEBIAN_INTERNET, "Debian default (assumed)"), source: 'assumed-default' };
}
