package layers

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// tarFacts is what a plain archive/tar pass over a layer says, to compare
// with the walker: the bytes of its regular files and its hard links.
type tarFacts struct {
	regularBytes int64
	hardlinks    int
}

func readFacts(t *testing.T, l v1.Layer) tarFacts {
	t.Helper()

	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()

	var f tarFacts
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return f
		}
		if err != nil {
			t.Fatal(err)
		}
		switch h.Typeflag {
		case tar.TypeReg:
			f.regularBytes += h.Size
		case tar.TypeLink:
			f.hardlinks++
		}
	}
}

func TestCorpusWalks(t *testing.T) {
	for _, name := range corpusNames(t) {
		t.Run(name, func(t *testing.T) {
			for i, img := range openCorpus(t, name) {
				t.Run(fmt.Sprint(i), func(t *testing.T) { checkImage(t, img) })
			}
		})
	}
}

// checkImage walks img and compares the result with the manifest and with
// a plain tar reading of each layer.
func checkImage(t *testing.T, img v1.Image) {
	ix := mustWalk(t, img, Options{})

	m, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Layers) != len(m.Layers) {
		t.Fatalf("layers = %d, manifest has %d", len(ix.Layers), len(m.Layers))
	}
	if ix.LayerBytes() != ix.FinalBytes()+ix.WastedBytes() {
		t.Errorf("layer bytes %d != final %d + wasted %d",
			ix.LayerBytes(), ix.FinalBytes(), ix.WastedBytes())
	}

	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range ix.Layers {
		if l.Missing != nil {
			continue
		}
		if l.Digest != m.Layers[i].Digest || l.Size != m.Layers[i].Size {
			t.Errorf("layer %d = %v, %d bytes; manifest says %v, %d bytes",
				i, l.Digest, l.Size, m.Layers[i].Digest, m.Layers[i].Size)
		}

		facts := readFacts(t, ls[i])
		links := 0
		for _, e := range l.Entries {
			if e.Hardlink {
				links++
			}
		}
		if l.Bytes != facts.regularBytes || links != facts.hardlinks {
			t.Errorf("layer %d: %d bytes, %d hard links; tar says %d bytes, %d hard links",
				i, l.Bytes, links, facts.regularBytes, facts.hardlinks)
		}
	}
}

func TestCorpusWhiteoutDir(t *testing.T) {
	ix := mustWalk(t, openCorpus(t, "ggcr-whiteout_dir.tar")[0], Options{})

	want := []string{"/a", "/a/baz", "/b", "/b/bar"}
	if got := paths(ix); !slices.Equal(got, want) {
		t.Errorf("final = %q, want %q", got, want)
	}
	wantHidden := []string{"/a@0 by 2 deleted", "/a/foo@0 by 2 deleted"}
	if got := hiddenStrings(ix); !slices.Equal(got, wantHidden) {
		t.Errorf("hidden = %q, want %q", got, wantHidden)
	}
}

func TestCorpusForeign(t *testing.T) {
	ix := mustWalk(t, openCorpus(t, "ggcr-foreign.tar")[0], Options{})

	if !errors.Is(ix.Layers[1].Missing, ErrForeign) || ix.Layers[0].Missing != nil {
		t.Errorf("missing = %v, %v; want nil, the foreign layer",
			ix.Layers[0].Missing, ix.Layers[1].Missing)
	}
	if got := paths(ix); len(got) != 1 || !strings.HasPrefix(got[0], "/random_file_") {
		t.Errorf("final = %q, want the base layer's one file", got)
	}
	if ix.Layers[0].CreatedBy != "random" {
		t.Errorf("created by = %q, want %q", ix.Layers[0].CreatedBy, "random")
	}
}

func TestCorpusDive(t *testing.T) {
	for _, name := range []string{"dive-test-docker-image.tar", "dive-test-kaniko-image.tar"} {
		t.Run(name, func(t *testing.T) { checkDive(t, openCorpus(t, name)[0]) })
	}
}

// checkDive asserts what `tar -tvf` shows of the dive test image's layers.
func checkDive(t *testing.T, img v1.Image) {
	ix := mustWalk(t, img, Options{})
	if len(ix.Layers) != 14 {
		t.Fatalf("layers = %d, want 14", len(ix.Layers))
	}

	links := 0
	for e := range ix.All() {
		if !e.Hardlink {
			continue
		}
		links++
		target := ix.Lookup(e.Link)
		if e.Stored != 0 || target == nil || e.Size != target.Size || e.Kind != File {
			t.Errorf("hard link %s -> %s: stored %d size %d kind %d", e.Path, e.Link,
				e.Stored, e.Size, e.Kind)
		}
	}
	if links == 0 {
		t.Error("no hard links in the final filesystem")
	}

	hidden := hiddenStrings(ix)
	for _, want := range []string{
		"/root/example/somefile1.txt@3 by 4 overwritten",
		"/root/example/somefile3.txt@6 by 7 deleted",
		"/root/example@7 by 9 deleted",
		"/root/example/somefile1.txt@4 by 9 deleted",
		"/root/saved.txt@7 by 13 overwritten",
	} {
		if !slices.Contains(hidden, want) {
			t.Errorf("hidden lacks %q", want)
		}
	}
	if ix.WastedBytes() < 4*6405 {
		t.Errorf("wasted = %d bytes, want at least four hidden 6405-byte copies", ix.WastedBytes())
	}

	if ix.Lookup("/root/example") != nil {
		t.Error("/root/example came back after its whiteout")
	}
	if e := ix.Lookup("/tmp"); e == nil || e.Mode != fs.ModeSticky|0o777 {
		t.Errorf("/tmp = %+v, want a sticky 0777 directory", e)
	}
	if e := ix.Lookup("/root/saved.txt"); e == nil || e.Layer != 13 || e.Mode != 0o755 {
		t.Errorf("/root/saved.txt = %+v, want layer 13 mode 0755", e)
	}
	if !strings.Contains(ix.Layers[13].CreatedBy, "chmod +x /root/saved.txt") {
		t.Errorf("layer 13 created by %q", ix.Layers[13].CreatedBy)
	}
}

func TestCorpusEncodings(t *testing.T) {
	var want []string
	for _, enc := range []string{"uncompressed", "gzip", "zstd", "estargz"} {
		t.Run(enc, func(t *testing.T) {
			ix := mustWalk(t, openCorpus(t, "dive-test-oci-"+enc+"-image.tar")[0], Options{})

			var got []string
			for e := range ix.All() {
				got = append(got, fmt.Sprintf("%s %d %v %d %d %d", e.Path, e.Kind, e.Mode,
					e.Size, e.UID, e.GID))
			}
			if len(got) == 0 {
				t.Fatal("empty final filesystem")
			}
			if want == nil {
				want = got
			} else if !slices.Equal(got, want) {
				t.Errorf("final = %q, want %q as uncompressed", got, want)
			}
		})
	}
}
