// Package difftest builds small images in code, with pinned times so that
// equal layers get equal diff IDs, and writes them where the sources read
// them: a docker save tarball or an OCI layout folder. It is for tests: of
// image comparisons first, and of anything else that needs a small image.
package difftest

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Pinned is the time of every entry, history record and config.
var Pinned = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// File is one regular file of a test layer; a path ending in "/" is a
// directory.
type File struct {
	Path string
	Body string
}

// Sized returns a file of n bytes, all fill.
func Sized(path string, n int, fill byte) File {
	return File{Path: path, Body: strings.Repeat(string(fill), n)}
}

// Layer makes a layer holding files in order. Equal files make equal
// layers.
func Layer(t testing.TB, files ...File) v1.Layer {
	t.Helper()

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		hdr := &tar.Header{Name: f.Path, Mode: 0o644, ModTime: Pinned,
			Typeflag: tar.TypeReg, Size: int64(len(f.Body))}
		if strings.HasSuffix(f.Path, "/") {
			hdr.Typeflag, hdr.Mode, hdr.Size = tar.TypeDir, 0o755, 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatalf("writing header %q: %v", f.Path, err)
		}
		if _, err := io.WriteString(tw, f.Body); err != nil {
			t.Fatalf("writing %q: %v", f.Path, err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}

	blob := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(blob)), nil
	})
	if err != nil {
		t.Fatalf("making layer: %v", err)
	}
	return l
}

// Image stacks ls onto an empty image, one history record each, with cfg
// as its runtime config.
func Image(t testing.TB, cfg v1.Config, ls ...v1.Layer) v1.Image {
	t.Helper()

	img := empty.Image
	for i, l := range ls {
		var err error
		img, err = mutate.Append(img, mutate.Addendum{Layer: l, History: v1.History{
			Created:   v1.Time{Time: Pinned},
			CreatedBy: fmt.Sprintf("COPY layer %d", i),
		}})
		if err != nil {
			t.Fatalf("appending layer %d: %v", i, err)
		}
	}

	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.Config = cfg
	cf.OS, cf.Architecture = "linux", "amd64"
	cf.Created = v1.Time{Time: Pinned}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatalf("setting config: %v", err)
	}
	return img
}

// DockerArchive writes img as a docker save tarball in a new temporary
// folder and returns its reference, "docker-archive:PATH".
func DockerArchive(t testing.TB, img v1.Image) string {
	t.Helper()

	p := filepath.Join(t.TempDir(), "image.tar")
	tag, err := name.NewTag("imgaudit-test/app:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := tarball.WriteToFile(p, tag, img); err != nil {
		t.Fatalf("writing docker archive: %v", err)
	}
	return "docker-archive:" + p
}

// OCIDir writes img as an OCI layout folder in a new temporary folder and
// returns its reference, "oci-dir:PATH".
func OCIDir(t testing.TB, img v1.Image) string {
	t.Helper()

	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatalf("writing OCI layout: %v", err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatalf("writing OCI layout: %v", err)
	}
	return "oci-dir:" + dir
}
