// What acquisition hands to the analysis: every input as text with where it came from and how
// it was read, and what could not be read. Live collection, a pasted mix on stdin and --files
// all end up here; parsing happens after.
import type { Family } from '../firewall/model.js';
import type { MtaChoice } from './which-mta.js';

export type SectionKind =
  | 'iptables-listing'
  | 'iptables-save'
  | 'iptables-rules'
  | 'iptables-script'
  /** `nft list ruleset` text (any of -a/-n/-s) or `nft -j list ruleset` JSON: tables of every family */
  | 'nft-ruleset'
  | 'exim-bp-config'
  | 'exim-config'
  | 'exim-bt'
  | 'dns-records'
  | 'passwd'
  | 'ip-route'
  /** main.cf, or what postconf -n / postconf print (the same `name = value` lines) */
  | 'postfix-main-cf'
  /** master.cf, or postconf -M output */
  | 'postfix-master-cf'
  /** postconf -P output: service/type/parameter = value */
  | 'postconf-p'
  /** the source text of a lookup table or list file the Postfix configuration names (`path`) */
  | 'postfix-map'
  | 'unknown';

/** One piece of input text, detected or declared as one kind. */
export interface InputSection {
  kind: SectionKind;
  /** for firewall sections: the family, when known (declared, prompt line, addresses) */
  family?: Family;
  /** "stdin", a file path, or the command that produced it (e.g. "iptables-save -c") */
  origin: string;
  /** 1-based line in the origin where this section starts (pasted mixes hold several) */
  firstLine: number;
  /** the origin's lines from firstLine on, unchanged except colour codes, BOM and CR removed:
   *  a parser's line N is line N + firstLine - 1 of the origin */
  text: string;
  /** how it was recognised, for the "read as …" report: "prompt line names ip6tables" */
  detectedBy: string;
  /** the command that printed this text, when known: from a prompt line in a paste
   *  (`iptables -t nat -L -n`, which tells the table) or the command run live */
  command?: string;
  /** for 'postfix-map': the path the configuration names the file by (it may have been read elsewhere) */
  path?: string;
}

/** Something we tried to read and could not, said exactly ("ip6tables-save: permission denied"). */
export interface CollectionProblem {
  what: string;
  message: string;
}

/** An MTA that runs in a container: its mail is forwarded by this host, not sent from it. */
export interface MtaContainer {
  /** the container's addresses, at most one per family */
  addresses: string[];
  /** the bridge it is attached to on this host: the in-interface of its forwarded packets */
  bridge: string;
  /** container name and compose project (mailcow-dockerized, docker-mailserver, mailu) when detected */
  name?: string;
  project?: string;
  /** named by --mta-container, or detected from docker's output */
  from: 'option' | 'detected';
  /** which engine's output it was detected from (docker when not said) */
  engine?: 'docker' | 'podman';
  /** the network (compose network) of `bridge`, when detected */
  network?: string;
  /** other networks the container is on that could route its mail out: each is a possible placement */
  alternatives?: ContainerAttachment[];
}

/** A detected MTA container on the host's network (`network_mode: host`, Postal's install): it sends as the host does, through OUTPUT. */
export interface HostNetworkMta {
  name: string;
  project?: string;
  engine?: 'docker' | 'podman';
  /**
   * rootless Podman's user-mode networking: slirp4netns or pasta relays the container's
   * connections from a process of the user who runs it, so they leave through this host's
   * OUTPUT as that user's uid, like the host's own (podman-run(1) --network)
   */
  rootless?: 'slirp4netns' | 'pasta';
}

/** One more network a detected container is attached to: its addresses there and the host's bridge. */
export interface ContainerAttachment {
  addresses: string[];
  bridge: string;
  network: string;
}

export interface CollectedInputs {
  sections: InputSection[];
  problems: CollectionProblem[];
  /** how the inputs were obtained */
  mode: 'live' | 'pasted' | 'files' | 'demo' | 'bundle';
  /** the server's host name (Exim's `@`) when the inputs tell it: a bundle's header */
  hostname?: string;
  /** facts given as options or found live */
  uid?: number;
  gid?: number;
  /** where uid/gid came from, for the report: "--uid", "exim -bP exim_user: Debian-exim → uid 102 (/etc/passwd)" */
  identityFrom?: string;
  /** where the uid came from: named by the user (--uid, --user) or found in the inputs */
  uidSource?: 'option' | 'inputs';
  oif?: string;
  src?: string;
  /** the MTA runs in this container (--mta-container): delivery attempts are forwarded packets */
  mtaContainer?: MtaContainer;
  /** live and bundles: which MTA is the host's and why; its configuration is the one planned with */
  mta?: MtaChoice;
  /** the MTA runs in a container with the host's network (detected): its attempts are the host's own */
  mtaHostNetwork?: HostNetworkMta;
  /** DNS: a server to ask, or offline; records come as 'dns-records' sections */
  dnsServer?: string;
  offline?: boolean;
}
