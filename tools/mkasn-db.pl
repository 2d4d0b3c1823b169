#!/usr/bin/perl
#
# mkasn-db.pl: builds pathwatch's ASN database, a MaxMind DB in the
# GeoLite2-ASN layout, from CSV files of address ranges.
#
# Usage: tools/mkasn-db.pl -o OUT.mmdb [-t TYPE] [-d DESCRIPTION] CSV...
#
# Input: one range a line, RFC 4180 CSV (fields may be double-quoted, a
# quote inside a quoted field is doubled, as in "LLC ""SPUTNIK"""):
#
#     start,end,asn,organisation       1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."
#     cidr,asn,organisation            192.0.2.0/24,8075,MICROSOFT-CORP-MSN-AS-BLOCK
#
# start and end are inclusive IPv4 or IPv6 addresses in text form (the
# layout of asn-ipv4.csv and asn-ipv6.csv in the npm package
# @ip-location-db/asn); the second form takes one prefix.  Blank lines and
# lines starting with '#' are skipped.  organisation is UTF-8.  Later lines
# win where ranges overlap.
#
# Output: an IPv6 tree (IPv4 under ::/96, aliased at ::ffff:0:0/96 and
# 2002::/16) whose records are
#     { autonomous_system_number => uint32,
#       autonomous_system_organization => utf8_string }
# database_type "pathwatch-ASN" unless -t says otherwise; build_epoch is
# the time of the build.  Reserved networks are kept, so a lab database
# may map the documentation ranges (RFC 5737) to owners.
#
# Ranges in IPv6 space that the tree aliases to IPv4 (2001::/32,
# 2002::/16, ::ffff:0:0/96) are skipped and counted.  Ranges are split into
# CIDR prefixes by the writer's insert_range.  The
# file is written to OUT.tmp and renamed, so a failed build leaves no
# half-written database behind.

use strict;
use warnings;

use Getopt::Long qw(GetOptions);
use MaxMind::DB::Writer::Tree;

my $out;
my $type = 'pathwatch-ASN';
my $desc = 'pathwatch ASN database';
GetOptions(
    'o=s' => \$out,
    't=s' => \$type,
    'd=s' => \$desc,
) or usage();
usage() unless defined $out && @ARGV;

my %types = (
    autonomous_system_number       => 'uint32',
    autonomous_system_organization => 'utf8_string',
);

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version               => 6,
    record_size              => 28,
    database_type            => $type,
    languages                => ['en'],
    description              => { en => $desc },
    map_key_type_callback    => sub { $types{ $_[0] } },
    merge_strategy           => 'none',
    alias_ipv6_to_ipv4       => 1,
    remove_reserved_networks => 0,
);

my $n       = 0;
my $skipped = 0;
my %org_cache;
for my $csv (@ARGV) {
    $n += load_csv( $tree, $csv );
}
die "mkasn-db: no ranges in @ARGV\n" unless $n;

my $tmp = "$out.tmp";
open my $fh, '>:raw', $tmp or die "mkasn-db: $tmp: $!\n";
$tree->write_tree($fh);
close $fh or die "mkasn-db: $tmp: $!\n";
rename $tmp, $out or die "mkasn-db: rename $tmp to $out: $!\n";
print STDERR "mkasn-db: $out: $n ranges",
    ( $skipped ? ", $skipped in IPv4-aliased IPv6 space skipped" : '' ), "\n";
exit 0;

# Reads one CSV file into the tree; returns the number of ranges.
sub load_csv {
    my ( $t, $path ) = @_;
    my $count = 0;

    open my $in, '<:raw', $path or die "mkasn-db: $path: $!\n";
    while ( my $line = <$in> ) {
        $line =~ s/\r?\n\z//;
        next if $line =~ /\A\s*(#|\z)/;
        my @f = split_csv( $line, $path, $. );
        my ( $start, $end );
        if ( @f == 3 && $f[0] =~ m{/} ) {
            ( $start, $end ) = ( $f[0], undef );
        }
        elsif ( @f == 4 ) {
            ( $start, $end ) = ( $f[0], $f[1] );
            splice @f, 0, 1;
        }
        else {
            die "mkasn-db: $path:$.: expected start,end,asn,org"
                . " or cidr,asn,org\n";
        }
        my ( $asn, $org ) = @f[ 1, 2 ];
        die "mkasn-db: $path:$.: bad AS number '$asn'\n"
            unless $asn =~ /\A(?:AS)?([0-9]{1,10})\z/i && $1 < 2**32;
        $asn = $1 + 0;
        my $rec = record( $asn, $org );
        eval {
            if ( defined $end ) {
                $t->insert_range( $start, $end, $rec );
            }
            else {
                $t->insert_network( $start, $rec );
            }
            1;
        } or do {
            # Teredo (2001::/32), 6to4 (2002::/16) and ::ffff:0:0/96 are
            # aliases of the IPv4 tree; data for them is not kept.
            if ( $@ =~ /aliased network/ ) {
                $skipped++;
                next;
            }
            my $e = $@ =~ s/ at .* line \d+.*//sr;
            chomp $e;
            die "mkasn-db: $path:$.: $e\n";
        };
        $count++;
    }
    close $in;
    return $count;
}

# One record per (asn, org): the writer stores equal data once anyway,
# and sharing the hash saves memory on the whole-world build.
sub record {
    my ( $asn, $org ) = @_;
    my $key = "$asn\0$org";

    return $org_cache{$key} //= do {
        my $o = $org;
        utf8::decode($o);    # bytes to characters; left as is if not UTF-8
        {
            autonomous_system_number       => $asn,
            autonomous_system_organization => $o,
        };
    };
}

# Splits one CSV line (RFC 4180 section 2) into fields.
sub split_csv {
    my ( $line, $path, $lineno ) = @_;
    my @f;

    while (1) {
        if ( $line =~ s/\A"((?:[^"]|"")*)"(,|\z)// ) {
            my ( $v, $sep ) = ( $1, $2 );
            $v =~ s/""/"/g;
            push @f, $v;
            last if $sep eq '';
        }
        elsif ( $line =~ s/\A([^",]*)(,|\z)// ) {
            push @f, $1;
            last if $2 eq '';
        }
        else {
            die "mkasn-db: $path:$lineno: bad CSV quoting\n";
        }
    }
    return @f;
}

sub usage {
    die "usage: mkasn-db.pl -o OUT.mmdb [-t TYPE] [-d DESCRIPTION] CSV...\n";
}
