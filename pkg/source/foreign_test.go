package source

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

const foreignURL = "https://example.invalid/base-layer"

// foreignImage is an arm64 image whose second layer is foreign
// (non-distributable) and named by a URL; it returns that layer's digest.
func foreignImage(t *testing.T) (v1.Image, v1.Hash) {
	t.Helper()
	l, err := random.Layer(256, types.DockerForeignLayer)
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.Append(platformImage(t, arm64), mutate.Addendum{
		Layer:     l,
		URLs:      []string{foreignURL},
		MediaType: types.DockerForeignLayer,
	})
	if err != nil {
		t.Fatal(err)
	}

	d, err := l.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return img, d
}

// withoutMember copies the tar at src to a new file, leaving out the
// members whose name contains part.
func withoutMember(t *testing.T, src []byte, part string) string {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tr := tar.NewReader(bytes.NewReader(src))
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(hdr.Name, part) {
			continue
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(tw, tr); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}

	p := filepath.Join(t.TempDir(), "stripped.tar")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOpenForeignBlobAbsent opens images whose foreign layer blob is not
// stored: opening works, the layer keeps its media type and URLs, and only
// reading it fails.
func TestOpenForeignBlobAbsent(t *testing.T) {
	img, foreign := foreignImage(t)
	idx := mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: img})
	srcs := layoutSources(t, idx)
	blob := filepath.Join(srcs["oci-dir"], "blobs", foreign.Algorithm, foreign.Hex)
	if err := os.Remove(blob); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	archive, err := os.ReadFile(srcs["oci-archive"])
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		ref      string
		notExist bool // reading the blob must match fs.ErrNotExist
	}{
		{"oci-dir", srcs["oci-dir"], true},
		{"oci-archive", withoutMember(t, archive, foreign.Hex), true},
		{"docker-archive", withoutMember(t, saveArchive(t, "app:v1", img), foreign.Hex), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := openT(t, tt.ref, Options{})
			layers, err := got.Layers()
			if err != nil {
				t.Fatalf("listing layers: %v", err)
			}
			if len(layers) != 2 {
				t.Fatalf("got %d layers, want 2", len(layers))
			}

			l := layers[1]
			if mt, err := l.MediaType(); err != nil || mt.IsDistributable() {
				t.Errorf("foreign layer media type %q (%v), want non-distributable", mt, err)
			}
			m, err := got.Manifest()
			if err != nil {
				t.Fatal(err)
			}
			if urls := m.Layers[1].URLs; len(urls) != 1 || urls[0] != foreignURL {
				t.Errorf("foreign layer URLs = %v, want [%s]", urls, foreignURL)
			}

			rc, err := l.Compressed()
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			if err == nil {
				t.Fatal("reading the absent blob succeeded")
			}
			if tt.notExist && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %q does not match fs.ErrNotExist", err)
			}
		})
	}
}
