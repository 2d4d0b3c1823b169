#!/usr/bin/perl
# mkcountry-test.pl: writes the tiny country database test-owner uses, in
# the GeoLite2-Country layout ({ country => { iso_code => "SE" } }), from
# the lines "prefix iso_code" after __DATA__.  Usage: mkcountry-test.pl OUT
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift or die "usage: mkcountry-test.pl OUT.mmdb\n";
my %types = ( country => 'map', iso_code => 'utf8_string' );
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version               => 6,
    record_size              => 24,
    database_type            => 'pathwatch-test-Country',
    languages                => ['en'],
    description              => { en => 'pathwatch unit-test countries' },
    map_key_type_callback    => sub { $types{ $_[0] } },
    alias_ipv6_to_ipv4       => 1,
    remove_reserved_networks => 0,
);
while ( my $line = <DATA> ) {
    my ( $net, $cc ) = split ' ', $line;
    $tree->insert_network( $net, { country => { iso_code => $cc } } );
}
open my $fh, '>:raw', $out or die "$out: $!\n";
$tree->write_tree($fh);
close $fh or die "$out: $!\n";
__DATA__
192.0.2.0/25 SE
198.51.100.0/24 US
203.0.113.0/24 XYZ
