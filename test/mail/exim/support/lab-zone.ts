// The synthetic DNS of the Exim truth tests: `.test` and `.example` names, documentation
// addresses only (RFC 5737, RFC 3849). Most MX preferences are distinct, because Exim randomises
// the order of equal ones; same.test and three.test have equal ones on purpose.
export const LAB_ZONE = `
$ORIGIN test.
@                 3600 IN SOA ns.test. admin.test. 1 3600 600 86400 60
gmail             IN MX    5  mx1.gmail
gmail             IN MX    10 mx2.gmail
gmail             IN MX    20 mx3.gmail
mx1.gmail         IN A     198.51.100.27
mx1.gmail         IN AAAA  2001:db8:4860::1b
mx2.gmail         IN A     198.51.100.26
mx2.gmail         IN AAAA  2001:db8:4860::1a
mx3.gmail         IN A     198.51.100.25
allowed           IN MX    10 mx.allowed
mx.allowed        IN A     203.0.113.10
mx.allowed        IN AAAA  2001:db8:1::10
implicit          IN A     203.0.113.20
implicit          IN AAAA  2001:db8:2::20
nullmx            IN MX    0 .
nullmx            IN A     203.0.113.21
v6only            IN MX    10 mx6.v6only
mx6.v6only        IN AAAA  2001:db8:6::25
mxmissing         IN MX    10 gone.mxmissing
loopmx            IN MX    10 lo.loopmx
lo.loopmx         IN A     127.0.0.1
same              IN MX    10 a.same
same              IN MX    10 b.same
a.same            IN A     203.0.113.61
b.same            IN A     203.0.113.62
b.same            IN AAAA  2001:db8:62::62
three             IN MX    10 a.three
three             IN MX    10 b.three
three             IN MX    10 c.three
a.three           IN A     203.0.113.71
b.three           IN AAAA  2001:db8:72::72
c.three           IN A     203.0.113.73
relay             IN A     203.0.113.50
relay             IN AAAA  2001:db8:50::50
$ORIGIN example.
@                 3600 IN SOA ns.example. admin.example. 1 3600 600 86400 60
org               IN MX    10 mx.org
mx.org            IN A     192.0.2.80
smtp.relay        IN A     203.0.113.50
smtp.relay        IN AAAA  2001:db8:50::50
`;
