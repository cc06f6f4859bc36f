package diff

import (
	"archive/tar"
	"bytes"
	"io"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

// linkLayer holds one hard link, from name to target.
func linkLayer(t *testing.T, name, target string) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Name: name, Linkname: target, Typeflag: tar.TypeLink, Mode: 0o755,
		ModTime: difftest.Pinned}
	if err := tw.WriteHeader(hdr); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(buf.Bytes())), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestHardLinkWeighsNothing: a new hard link to a big file adds no bytes
// to the image, so it must not rank as a big addition.
func TestHardLinkWeighsNothing(t *testing.T) {
	base := difftest.Layer(t, difftest.Sized("bin/busybox", 50_000, 'b'))
	before := walk(t, base)
	after := walk(t, base, linkLayer(t, "bin/ls", "bin/busybox"))

	got, ok := fileByPath(&change.Report{Files: files(before, after)}, "/bin/ls")
	if !ok {
		t.Fatal("the new link is not listed")
	}
	if got.Change != change.Added || got.Delta != 0 || got.NewSize != 0 {
		t.Errorf("link = %+v, want added with no bytes", got)
	}
}
