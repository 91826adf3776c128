// A ruleset shaped as Docker writes it (DOCKER-USER called first from FORWARD, inbound DNAT
// reached only for LOCAL destinations, MASQUERADE in nat POSTROUTING), with a bridge network
// br0 = 198.51.100.0/28 from the documentation ranges, plus a few rules the tests need: a
// host OUTPUT REJECT of port 25, owner matches in mangle POSTROUTING, an INPUT DROP policy.
export const DOCKER_SAVE = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 198.51.100.0/28 ! -o br0 -j MASQUERADE
-A DOCKER -i br0 -j RETURN
-A DOCKER ! -i br0 -p tcp -m tcp --dport 8025 -j DNAT --to-destination 198.51.100.2:25
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -p tcp --dport 2525 -m owner --uid-owner 0 -j DROP
-A POSTROUTING -p tcp --dport 2526 -m owner ! --uid-owner 0 -j DROP
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-USER - [0:0]
-A INPUT -i br0 -p tcp --dport 53 -j ACCEPT
-A FORWARD -j DOCKER-USER
-A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o br0 -j DOCKER
-A FORWARD -i br0 ! -o br0 -j ACCEPT
-A FORWARD -i br0 -o br0 -j ACCEPT
-A OUTPUT -p tcp --dport 25 -j REJECT --reject-with icmp-port-unreachable
-A DOCKER -d 198.51.100.2/32 ! -i br0 -o br0 -p tcp -m tcp --dport 25 -j ACCEPT
-A DOCKER-USER -i br0 -p tcp --dport 25 ! -d 192.0.2.25/32 -j REJECT --reject-with icmp-port-unreachable
-A DOCKER-USER -j RETURN
COMMIT
`;
