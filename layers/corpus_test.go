package layers

import (
	"archive/tar"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// corpus is the shared folder of real image files, relative to this
// package's directory.
var corpus = filepath.Join("..", "..", "shared", "corpus")

// corpusPath returns the path of a corpus file, skipping the test when the
// corpus is not there.
func corpusPath(t *testing.T, name string) string {
	t.Helper()

	p := filepath.Join(corpus, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %q not available: %v", p, err)
	}
	return p
}

// openCorpus returns every image in a corpus file: a docker-save tarball,
// an oci-archive (extracted into a temporary folder) or an OCI layout.
func openCorpus(t *testing.T, name string) []v1.Image {
	t.Helper()

	p := corpusPath(t, name)
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return layoutImages(t, p)
	}

	names := tarNames(t, p)
	if slices.Contains(names, "manifest.json") {
		img, err := tarball.ImageFromPath(p, nil)
		if err != nil {
			t.Fatalf("opening %q: %v", p, err)
		}
		return []v1.Image{img}
	}
	return layoutImages(t, extract(t, p))
}

// tarNames lists the names in a tar file.
func tarNames(t *testing.T, p string) []string {
	t.Helper()

	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var names []string
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return names
		}
		if err != nil {
			t.Fatalf("listing %q: %v", p, err)
		}
		names = append(names, h.Name)
	}
}

// extract unpacks the files of a tar into a temporary folder.
func extract(t *testing.T, p string) string {
	t.Helper()

	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	dir := t.TempDir()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return dir
		}
		if err != nil {
			t.Fatalf("extracting %q: %v", p, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(cleanName(h.Name)))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// layoutImages returns every image an OCI layout reaches, nested indexes
// included.
func layoutImages(t *testing.T, dir string) []v1.Image {
	t.Helper()

	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatalf("opening layout %q: %v", dir, err)
	}
	var imgs []v1.Image
	var visit func(idx v1.ImageIndex)
	visit = func(idx v1.ImageIndex) {
		im, err := idx.IndexManifest()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range im.Manifests {
			switch {
			case d.MediaType.IsIndex():
				child, err := idx.ImageIndex(d.Digest)
				if err != nil {
					t.Fatal(err)
				}
				visit(child)
			case d.MediaType.IsImage():
				img, err := idx.Image(d.Digest)
				if err != nil {
					t.Fatal(err)
				}
				imgs = append(imgs, img)
			}
		}
	}
	visit(idx)
	return imgs
}

// corpusNames lists the corpus, skipping the test when it is absent.
func corpusNames(t *testing.T) []string {
	t.Helper()

	des, err := os.ReadDir(corpus)
	if err != nil {
		t.Skipf("corpus %q not available: %v", corpus, err)
	}
	var names []string
	for _, de := range des {
		if de.IsDir() || strings.HasSuffix(de.Name(), ".tar") {
			names = append(names, de.Name())
		}
	}
	return names
}
