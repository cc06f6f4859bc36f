package source

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
)

// corpusDir is /work/shared/corpus seen from this package: the corpus sits
// beside the repository, two levels above this folder's parent.
func corpusDir(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}

	dir := filepath.Join(wd, "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("image corpus not found at %s", dir)
	}
	return dir
}

// openT opens ref and closes the image when the test ends.
func openT(t *testing.T, ref string, opts Options) *Image {
	t.Helper()
	img, err := Open(context.Background(), ref, opts)
	if err != nil {
		t.Fatalf("Open(%q): %v", ref, err)
	}
	t.Cleanup(func() {
		if err := img.Close(); err != nil {
			t.Errorf("closing %q: %v", ref, err)
		}
	})
	return img
}

// checkLayers reads every layer of img whose content is present and
// checks it against the diff ID the config declares. It returns how many
// layers it read.
func checkLayers(t *testing.T, img v1.Image) int {
	t.Helper()
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatalf("reading config: %v", err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatalf("listing layers: %v", err)
	}
	if len(layers) != len(cfg.RootFS.DiffIDs) {
		t.Fatalf("got %d layers, config lists %d diff IDs", len(layers), len(cfg.RootFS.DiffIDs))
	}

	read := 0
	for i, l := range layers {
		rc, err := l.Uncompressed()
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatalf("opening layer %d: %v", i, err)
		}

		got := sha256Of(t, rc)
		if want := cfg.RootFS.DiffIDs[i].Hex; got != want {
			t.Errorf("layer %d: content hashes to %s, config says %s", i, got, want)
		}
		read++
	}
	return read
}

func sha256Of(t *testing.T, rc io.ReadCloser) string {
	t.Helper()
	defer rc.Close()

	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		t.Fatalf("reading: %v", err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// tarMember reads one member of a tar file with archive/tar alone.
func tarMember(t *testing.T, p, name string) []byte {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if err != nil {
			t.Fatalf("finding %s in %s: %v", name, p, err)
		}
		if cleanName(hdr.Name) == name {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
}

// platformImage is a small random image whose config names platform p.
func platformImage(t *testing.T, p v1.Platform) v1.Image {
	t.Helper()
	img, err := random.Image(256, 1)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}

	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture, cfg.Variant = p.OS, p.Architecture, p.Variant
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}

	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name()
	}
	return names
}

func mustDigest(t *testing.T, img v1.Image) v1.Hash {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}
