package main_test

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// hostileLimit bounds a run on a hostile image: each is audited or
// refused in well under a second.
const hostileLimit = 30 * time.Second

// entry is one tar header of a hostile layer.
type entry struct {
	name, link, body string
	typ              byte
}

// tarOfEntries writes entries as an uncompressed tar.
func tarOfEntries(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Linkname: e.link, Typeflag: e.typ, Mode: 0o644,
			Size: int64(len(e.body)), ModTime: pinnedTime, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sparseTebibyte is a tar holding /var/log/lastlog as a GNU sparse file in
// PAX format 0.1: one byte of data and a 1 TiB apparent size. archive/tar
// writes no sparse files, so the blocks are put together here.
func sparseTebibyte() []byte {
	record := func(k, v string) string {
		rec := " " + k + "=" + v + "\n"
		n := len(rec)
		for len(strconv.Itoa(n)+rec) != n {
			n = len(strconv.Itoa(n) + rec)
		}
		return strconv.Itoa(n) + rec
	}
	header := func(name string, typ byte, size int) []byte {
		b := make([]byte, 512)
		copy(b, name)
		copy(b[100:], "0000644\x00")
		copy(b[124:], fmt.Sprintf("%011o\x00", size))
		copy(b[136:], fmt.Sprintf("%011o\x00", pinnedTime.Unix()))
		b[156] = typ
		copy(b[257:], "ustar\x0000")
		copy(b[148:], "        ")
		sum := 0
		for _, c := range b {
			sum += int(c)
		}
		copy(b[148:], fmt.Sprintf("%06o\x00 ", sum))
		return b
	}
	pad := func(b []byte) []byte { return append(b, make([]byte, (512-len(b)%512)%512)...) }

	recs := record("GNU.sparse.size", "1099511627776") + record("GNU.sparse.numblocks", "1") +
		record("GNU.sparse.map", "0,1") + record("GNU.sparse.name", "var/log/lastlog")
	out := append(header("PaxHeaders/lastlog", 'x', len(recs)), pad([]byte(recs))...)
	out = append(out, header("GNUSparseFile.0/lastlog", '0', 1)...)
	out = append(out, pad([]byte("x"))...)
	return append(out, make([]byte, 1024)...)
}

// hostileImage writes a docker save tarball of one layer, the tar b.
func hostileImage(t *testing.T, b []byte) string {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.Append(empty.Image, mutate.Addendum{Layer: l,
		History: v1.History{CreatedBy: "ADD hostile.tar /", Created: v1.Time{Time: pinnedTime}}})
	if err != nil {
		t.Fatal(err)
	}

	p := filepath.Join(t.TempDir(), "hostile.tar")
	if err := tarball.WriteToFile(p, name.MustParseReference("hostile:1"), img); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHostileLayers audits layers made to break extracting tools: the run
// ends in time, is audited or refused with one line, and writes nothing
// anywhere, the places its names point at included.
func TestHostileLayers(t *testing.T) {
	bin := buildTool(t, ".")
	reg, sym := byte(tar.TypeReg), byte(tar.TypeSymlink)
	canary := filepath.Join(t.TempDir(), "canary")

	tests := []struct {
		name    string
		tar     []byte
		refused string // in the stderr line when refused, "" when audited
		shows   string // in the report when audited, if set
	}{
		{"climbing and absolute names", tarOfEntries(t,
			entry{name: "../../../../../../" + canary, body: "x", typ: reg},
			entry{name: canary + "-abs", body: "x", typ: reg},
		), "", ""},
		{"links out of the root and through them", tarOfEntries(t,
			entry{name: "out", link: filepath.Dir(canary), typ: sym},
			entry{name: "out/canary", body: "x", typ: reg},
			entry{name: "up", link: "../../../../../..", typ: sym},
			entry{name: "up/etc/passwd", body: "evil", typ: reg},
		), "", ""},
		{"link loops", tarOfEntries(t,
			entry{name: "etc", link: "etc2", typ: sym}, entry{name: "etc2", link: "etc", typ: sym},
			entry{name: "self", link: "self", typ: sym},
		), "", ""},
		{"a sparse file of 1 TiB", sparseTebibyte(), "", "/var/log/lastlog"},
		{"a path past PATH_MAX", tarOfEntries(t,
			entry{name: strings.Repeat("deep/", 1000) + "f", body: "x", typ: reg},
		), "path is 5002 bytes long", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := hostileImage(t, tt.tar)
			o := runIsolated(t, hostileLimit, nil, bin, "--format", "json", img)

			switch {
			case tt.refused == "" && o.code != 0 && o.code != 1:
				t.Errorf("exit status %d, want the image audited; stderr:\n%s", o.code, o.stderr)
			case tt.refused != "" && (o.code != 2 || len(o.stderrLines()) != 1 ||
				!strings.Contains(o.stderr, tt.refused)):
				t.Errorf("exit status %d, stderr:\n%s\nwant 2 and one line saying %q",
					o.code, o.stderr, tt.refused)
			}
			if tt.shows != "" && !strings.Contains(o.stdout, tt.shows) {
				t.Errorf("the report does not show %s", tt.shows)
			}
			for _, p := range []string{canary, canary + "-abs"} {
				if _, err := os.Lstat(p); err == nil {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}
