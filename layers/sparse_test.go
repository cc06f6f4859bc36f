package layers

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// block is one raw 512-byte tar header, for the formats archive/tar does not
// write: old GNU sparse files and hand-made PAX records.
type block [512]byte

func (b *block) str(off int, s string) { copy(b[off:], s) }

// num writes n as a NUL-terminated octal number filling width bytes.
func (b *block) num(off, width int, n int64) {
	copy(b[off:], fmt.Sprintf("%0*o\x00", width-1, n))
}

// seal writes the magic and the checksum; gnu picks the old GNU magic.
func (b *block) seal(gnu bool) []byte {
	if gnu {
		b.str(257, "ustar  \x00")
	} else {
		b.str(257, "ustar\x0000")
	}
	b.str(148, "        ")
	var sum int64
	for _, c := range b {
		sum += int64(c)
	}
	copy(b[148:], fmt.Sprintf("%06o\x00 ", sum))
	return b[:]
}

// rawHeader starts a header block.
func rawHeader(name string, typ byte, size int64) *block {
	var b block
	b.str(0, name)
	b.num(100, 8, 0o644)
	b.num(108, 8, 0)
	b.num(116, 8, 0)
	b.num(124, 12, size)
	b.num(136, 12, pinned.Unix())
	b[156] = typ
	return &b
}

// pad rounds data up to whole blocks.
func pad(data []byte) []byte {
	if r := len(data) % 512; r != 0 {
		data = append(data, make([]byte, 512-r)...)
	}
	return data
}

// gnuSparse writes an old GNU sparse archive holding one file of realSize
// bytes whose data fragments are frags, each at its offset.
func gnuSparse(name string, realSize int64, frags map[int64][]byte, offsets []int64) []byte {
	var data []byte
	h := rawHeader(name, 'S', 0)
	for i, off := range offsets {
		h.num(386+24*i, 12, off)
		h.num(386+24*i+12, 12, int64(len(frags[off])))
		data = append(data, frags[off]...)
	}
	h.num(124, 12, int64(len(data)))
	h.num(483, 12, realSize)

	out := append(h.seal(true), pad(data)...)
	return append(out, make([]byte, 1024)...)
}

func TestSparseStoresLessThanSize(t *testing.T) {
	frags := map[int64][]byte{
		0:         bytes.Repeat([]byte("A"), 512),
		512 << 10: bytes.Repeat([]byte("B"), 1000),
	}
	// GNU tar ends the map with an empty fragment at the real size.
	blob := gnuSparse("var/log/lastlog", 1<<20, frags, []int64{0, 512 << 10, 1 << 20})
	ix := mustWalk(t, imageOf(t, blob, tarOf(t, file("after", "x"))), Options{Keep: keepAll})

	e := ix.Lookup("/var/log/lastlog")
	if e == nil {
		t.Fatal("no /var/log/lastlog")
	}
	if e.Size != 1<<20 || e.Stored != 1512 {
		t.Errorf("size %d stored %d, want size %d stored 1512", e.Size, e.Stored, 1<<20)
	}
	if len(e.Content) != 1<<20 || e.Content[512<<10] != 'B' || e.Content[1000] != 0 {
		t.Error("content of the sparse file does not hold its fragments and holes")
	}
	if got := ix.Layers[0].Bytes; got != 1512 {
		t.Errorf("layer bytes = %d, want 1512", got)
	}
}

func keepAll(string, int64) bool { return true }

// TestSparseFromGNUTar has GNU tar write a PAX sparse file (format 1.0, whose
// map sits in the data) from a file made with truncate.
func TestSparseFromGNUTar(t *testing.T) {
	tarBin, err := exec.LookPath("tar")
	if err != nil {
		t.Skip("no tar to write a sparse archive with")
	}
	if out, _ := exec.Command(tarBin, "--version").Output(); !bytes.Contains(out, []byte("GNU tar")) {
		t.Skip("tar is not GNU tar")
	}

	dir := t.TempDir()
	sparse := filepath.Join(dir, "holes")
	run(t, dir, "truncate", "-s", "64M", sparse)
	f, err := os.OpenFile(sparse, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("z", 5000)), 32<<20)
	f.Close()

	archive := filepath.Join(dir, "layer.tar")
	run(t, dir, tarBin, "--sparse", "--format=posix", "--sparse-version=1.0",
		"-cf", archive, "holes")
	blob, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}

	e := mustWalk(t, imageOf(t, blob), Options{}).Lookup("/holes")
	if e == nil {
		t.Fatal("no /holes")
	}
	if e.Size != 64<<20 || e.Stored < 5000 || e.Stored >= 1<<20 {
		t.Errorf("size %d stored %d, want size %d and about 5000 stored", e.Size, e.Stored, 64<<20)
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()

	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("running %s: %v\n%s", name, err, out)
	}
}

// paxRecord formats one PAX record with its own length in front.
func paxRecord(k, v string) string {
	rec := " " + k + "=" + v + "\n"
	n := len(rec)
	for {
		s := fmt.Sprint(n) + rec
		if len(s) == n {
			return s
		}
		n = len(s)
	}
}

func TestPAXRecords(t *testing.T) {
	long := strings.Repeat("deep/", 40) + "file"
	records := paxRecord("path", long) + paxRecord("uid", "3000000") +
		paxRecord("gid", "3000001") + paxRecord("size", "5")

	x := rawHeader("PaxHeaders/file", 'x', int64(len(records)))
	blob := append(x.seal(false), pad([]byte(records))...)
	h := rawHeader("short", '0', 0) // the PAX size overrides this 0
	blob = append(blob, h.seal(false)...)
	blob = append(blob, pad([]byte("hello"))...)
	blob = append(blob, make([]byte, 1024)...)

	e := mustWalk(t, imageOf(t, blob), Options{}).Lookup("/" + long)
	if e == nil {
		t.Fatalf("no /%s", long)
	}
	if e.UID != 3000000 || e.GID != 3000001 || e.Size != 5 || e.Stored != 5 {
		t.Errorf("uid %d gid %d size %d stored %d, want 3000000 3000001 5 5",
			e.UID, e.GID, e.Size, e.Stored)
	}
}
