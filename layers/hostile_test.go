package layers

import (
	"context"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// hostileTimeout bounds every walk of a hostile layer: each is refused or
// read in well under a second, so a walk that takes longer is a hang.
const hostileTimeout = 20 * time.Second

// walkBounded walks img and fails the test when the walk takes longer
// than hostileTimeout.
func walkBounded(t *testing.T, img v1.Image, opts Options) (*Index, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), hostileTimeout)
	defer cancel()

	start := time.Now()
	ix, err := Walk(ctx, img, opts)
	if d := time.Since(start); d > hostileTimeout/2 {
		t.Errorf("walk took %v", d)
	}
	return ix, err
}

func TestEscapingNamesStayInTheRoot(t *testing.T) {
	blob := tarOf(t,
		file("../../../../tmp/escaped", "x"),
		file("/etc/abs", "y"),
		file("a/../../b", "z"),
		file("./c/./d/../e", "w"),
		hardlink("hl", "../../../etc/shadow"),
	)
	ix, err := walkBounded(t, imageOf(t, blob), Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}

	want := []string{"/b", "/c", "/c/e", "/etc", "/etc/abs", "/hl", "/tmp", "/tmp/escaped"}
	if got := paths(ix); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("paths = %q, want %q", got, want)
	}
	if hl := ix.Lookup("/hl"); hl == nil || hl.Link != "/etc/shadow" {
		t.Errorf("hard link = %+v, want its target kept inside the root", hl)
	}
}

func TestSymlinkTricks(t *testing.T) {
	base := tarOf(t, dir("etc"), file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"))
	evil := tarOf(t,
		symlink("loop1", "loop2"), symlink("loop2", "loop1"),
		symlink("out", "../../../../../etc"),
		symlink("abs", "/../../etc/passwd"),
		// A file written "through" a symlink to a directory replaces the
		// link with a directory; it never lands where the link points.
		symlink("via", "/etc"), file("via/passwd", "evil"),
	)
	ix, err := walkBounded(t, imageOf(t, base, evil), Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}

	if e := ix.Resolve("/loop1"); e != nil {
		t.Errorf("Resolve(/loop1) = %q, want nil for a loop", e.Path)
	}
	for _, p := range []string{"/out/passwd", "/abs"} {
		if e := ix.Resolve(p); e == nil || e.Path != "/etc/passwd" {
			t.Errorf("Resolve(%s) = %v, want /etc/passwd: links climb no higher than the root", p, e)
		}
	}
	if e := ix.Lookup("/etc/passwd"); e == nil || e.Layer != 0 {
		t.Errorf("/etc/passwd = %+v, want layer 0's: no write through a link", e)
	}
	if e := ix.Lookup("/via"); e == nil || e.Kind != Dir {
		t.Errorf("/via = %+v, want the directory that replaced the link", e)
	}
}

func TestHugeClaimedSizes(t *testing.T) {
	const tib = 1 << 40

	claim := rawHeader("big", '0', tib)
	plain := append(claim.seal(false), make([]byte, 4096)...)

	records := paxRecord("size", "1099511627776")
	x := rawHeader("PaxHeaders/big", 'x', int64(len(records)))
	pax := append(x.seal(false), pad([]byte(records))...)
	h := rawHeader("big", '0', 0)
	pax = append(append(pax, h.seal(false)...), make([]byte, 4096)...)

	tests := []struct {
		name string
		blob []byte
	}{
		{"ustar size", plain},
		{"ustar size, gzip", gz(t, plain)},
		{"pax size", pax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := walkBounded(t, imageOf(t, tt.blob), Options{Keep: keepAll, Sniff: sniffAll})
			if err == nil || !strings.Contains(err.Error(), `reading "big": unexpected EOF`) {
				t.Errorf("Walk = %v, want the truncated entry named", err)
			}
		})
	}
}

func TestSparseTebibyte(t *testing.T) {
	const tib = 1 << 40
	frags := map[int64][]byte{0: []byte(strings.Repeat("A", 512)), tib - 512: []byte(
		strings.Repeat("Z", 512))}
	gnu := bigGNUSparse("var/log/lastlog", tib, frags, []int64{0, tib - 512})

	// PAX format 0.1 keeps the map in a record; the data is the fragments.
	records := paxRecord("GNU.sparse.size", "1099511627776") +
		paxRecord("GNU.sparse.numblocks", "2") +
		paxRecord("GNU.sparse.map", "0,512,1099511627264,512") +
		paxRecord("GNU.sparse.name", "var/log/faillog")
	x := rawHeader("PaxHeaders/faillog", 'x', int64(len(records)))
	pax := append(x.seal(false), pad([]byte(records))...)
	h := rawHeader("GNUSparseFile.0/faillog", '0', 1024)
	pax = append(pax, h.seal(false)...)
	pax = append(pax, []byte(strings.Repeat("A", 512)+strings.Repeat("Z", 512))...)
	pax = append(pax, make([]byte, 1024)...)

	tests := []struct {
		name, path string
		blob       []byte
	}{
		{"old gnu", "/var/log/lastlog", gnu},
		{"old gnu, gzip", "/var/log/lastlog", gz(t, gnu)},
		{"pax 0.1", "/var/log/faillog", pax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := tarOf(t, file("after", "x"))
			opts := Options{Keep: keepAll, Sniff: sniffAll}
			ix, err := walkBounded(t, imageOf(t, tt.blob, after), opts)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			e := ix.Lookup(tt.path)
			if e == nil {
				t.Fatalf("no %s among %q", tt.path, paths(ix))
			}
			if e.Size != tib || e.Stored != 1024 || e.Content != nil {
				t.Errorf("size %d stored %d content %d bytes, want size %d stored 1024, not kept",
					e.Size, e.Stored, len(e.Content), int64(tib))
			}
			if e.Tags != 1 {
				t.Errorf("tags = %d, want the file sniffed", e.Tags)
			}
			if ix.Lookup("/after") == nil {
				t.Error("the next layer was not read")
			}
		})
	}
}

// sniffAll tags every file it sees with 1.
func sniffAll(string, []byte) Tag { return 1 }

// bigGNUSparse is gnuSparse for sizes and offsets too big for octal fields:
// GNU tar writes those in base 256.
func bigGNUSparse(name string, realSize int64, frags map[int64][]byte, offsets []int64) []byte {
	var data []byte
	h := rawHeader(name, 'S', 0)
	for i, off := range offsets {
		h.base256(386+24*i, 12, off)
		h.num(386+24*i+12, 12, int64(len(frags[off])))
		data = append(data, frags[off]...)
	}
	h.num(124, 12, int64(len(data)))
	h.base256(483, 12, realSize)

	out := append(h.seal(true), pad(data)...)
	return append(out, make([]byte, 1024)...)
}

// base256 writes n big-endian with the high bit of the first byte set.
func (b *block) base256(off, width int, n int64) {
	for i := width - 1; i > 0; i-- {
		b[off+i] = byte(n)
		n >>= 8
	}
	b[off] = 0x80
}
