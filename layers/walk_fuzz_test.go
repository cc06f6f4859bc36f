package layers

import (
	"archive/tar"
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// fuzzSeeds are layer blobs that exercise every branch of the walker:
// whiteouts and opaque markers, links of both kinds, escaping names, PAX
// records, sparse files and each compression, plus the small layers of
// the shared corpus when it is there.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	base := tarOf(f,
		dir("etc"), file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
		dir("app"), file("app/.env", "TOKEN=abc"), hardlink("app/hl", "etc/passwd"),
		symlink("app/cfg", "../etc"), symlink("loop", "loop"),
		file("app/.wh.old", ""), file("var/.wh..wh..opq", ""), file(".wh..wh.plnk", ""),
		file("../../escape", "x"), file("/abs/path", "y"),
		hdr{name: "pax", typ: tar.TypeReg, body: "p", pax: map[string]string{"comment": "c"}},
	)
	seeds := [][]byte{base, gz(f, base), zst(f, base), {}, []byte("not a tar")}

	frags := map[int64][]byte{0: []byte(strings.Repeat("A", 512))}
	seeds = append(seeds, gnuSparse("sparse", 1<<20, frags, []int64{0, 1 << 20}))

	records := paxRecord("path", strings.Repeat("d/", 60)+"f") + paxRecord("size", "3")
	x := rawHeader("PaxHeaders/f", 'x', int64(len(records)))
	pax := append(x.seal(false), pad([]byte(records))...)
	pax = append(append(pax, rawHeader("f", '0', 0).seal(false)...), pad([]byte("abc"))...)
	seeds = append(seeds, append(pax, make([]byte, 1024)...))

	return append(seeds, corpusLayers(f, "ggcr-whiteout_dir.tar")...)
}

// corpusLayers returns the layer blobs of a docker save tarball in the
// shared corpus, or nothing when the corpus is absent.
func corpusLayers(f *testing.F, name string) [][]byte {
	f.Helper()
	p := filepath.Join("..", "..", "shared", "corpus", name)
	r, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer r.Close()

	var out [][]byte
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err != nil {
			return out
		}
		if !strings.HasSuffix(h.Name, ".tar.gz") || h.Size > 1<<20 {
			continue
		}
		b := make([]byte, h.Size)
		if _, err := tr.Read(b); err == nil || h.Size == 0 {
			out = append(out, b)
		}
	}
}

// FuzzWalk walks any bytes as two layers, the second over the first, and
// checks that the walk ends in time and that whatever it accepts is a sane
// filesystem: absolute clean paths, sizes that are not negative, and
// lookups and link resolution that end.
func FuzzWalk(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, blob []byte) {
		ls := []v1.Layer{
			&fakeLayer{name: "lower", blob: blob, mt: types.DockerLayer},
			&fakeLayer{name: "upper", blob: blob, mt: types.DockerLayer},
		}
		img := &fakeImage{cfg: &v1.ConfigFile{}, layers: ls}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()

		opts := Options{Keep: keepAll, MaxKeep: 1 << 16, Sniff: sniffAll, Concurrency: 2}
		// A walk that ignores its context would hang the fuzzer silently.
		watchdog := time.AfterFunc(20*time.Second, func() {
			panic("walk ignored its context for 10s after the deadline")
		})
		defer watchdog.Stop()
		ix, err := Walk(ctx, img, opts)
		if ctx.Err() != nil {
			t.Fatalf("walk of %d bytes did not end in 10s", len(blob))
		}
		if err != nil {
			return
		}
		for e := range ix.All() {
			if !path.IsAbs(e.Path) || path.Clean(e.Path) != e.Path || e.Path == "/" {
				t.Errorf("path %q is not absolute and clean", e.Path)
			}
			if e.Size < 0 || e.Stored < 0 || int64(len(e.Content)) > opts.MaxKeep {
				t.Errorf("%s: size %d, stored %d, %d bytes kept", e.Path, e.Size, e.Stored,
					len(e.Content))
			}
			if ix.Lookup(e.Path) != e {
				t.Errorf("Lookup(%q) does not find its own entry", e.Path)
			}
			ix.Resolve(e.Path)
			ix.Children(e.Path)
		}
	})
}
