package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// tarOf is a tar holding the named files.
func tarOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, body := range files {
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t *testing.T, name, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipOf(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpenNotImage(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	docker := saveArchive(t, "app:v1", platformImage(t, amd64))

	tests := []struct {
		name   string
		file   []byte            // written as a file unless dir is set
		dir    map[string]string // written as a folder
		reason string            // substring of the error besides the common part
	}{
		{name: "random bytes", file: random, reason: "not a tar archive"},
		{name: "empty file", file: []byte{}, reason: "empty"},
		{name: "zip", file: zipOf(t, "manifest.json", "[]"), reason: "zip"},
		{name: "gzip-compressed docker save", file: gzipOf(t, docker), reason: "gzip"},
		{name: "tar of other files", file: tarOf(t, map[string]string{"etc/passwd": "root"})},
		{name: "tar with index.json alone", file: tarOf(t, map[string]string{"index.json": "{}"})},
		{name: "folder of other files", dir: map[string]string{"README": "hi"},
			reason: "folder"},
		{name: "folder with oci-layout alone", dir: map[string]string{"oci-layout": "{}"},
			reason: "folder"},
		{name: "empty folder", dir: map[string]string{}, reason: "folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "input")
			if tt.dir != nil {
				writeDir(t, p, tt.dir)
			} else if err := os.WriteFile(p, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}

			img, err := Open(context.Background(), p, Options{Engine: noDaemon{}})
			if err == nil {
				img.Close()
				t.Fatalf("Open(%q) succeeded, want an error", p)
			}
			if !errors.Is(err, ErrNotImage) {
				t.Errorf("error %q does not match ErrNotImage", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, `"`+p+`" is not an image`) ||
				!strings.Contains(msg, tt.reason) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line quoting the path and saying %q", msg, tt.reason)
			}
		})
	}
}

func writeDir(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesBadPlatform(t *testing.T) {
	p := filepath.Join(t.TempDir(), "image.tar")
	// The config names no platform, so only the option itself can be faulted.
	archive := saveArchive(t, "app:v1", platformImage(t, v1.Platform{}))
	if err := os.WriteFile(p, archive, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		platform string
		fails    bool
	}{
		{"well formed", "linux/amd64", false},
		{"arch missing", "linux", true},
		{"too many parts", "linux/arm/v7/extra", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Open(context.Background(), p, Options{Platform: tt.platform})
			if err == nil {
				img.Close()
			}
			if (err != nil) != tt.fails {
				t.Fatalf("Open with platform %q: error = %v, want failure %v",
					tt.platform, err, tt.fails)
			}
			if err != nil && !strings.Contains(err.Error(), `"`+tt.platform+`"`) {
				t.Errorf("error %q does not quote the platform", err)
			}
		})
	}
}

// TestOpenByContent names each archive misleadingly: only its members may
// decide how it is read.
func TestOpenByContent(t *testing.T) {
	img := platformImage(t, arm64)
	idx, _ := manifestsIndex(t, true, false, arm64)
	oci := layoutSources(t, idx)["oci-archive"]
	ociBytes, err := os.ReadFile(oci)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		file string
		body []byte
		kind Kind
	}{
		{"docker save named like a zip", "image.zip", saveArchive(t, "app:v1", img), DockerArchive},
		{"docker save named like an oci tar", "image.oci.tar", saveArchive(t, "app:v1", img),
			DockerArchive},
		{"oci-archive named like a docker save", "docker-save.tar", ociBytes, OCIArchive},
		{"oci-archive without extension", "image", ociBytes, OCIArchive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(p, tt.body, 0o644); err != nil {
				t.Fatal(err)
			}

			got := openT(t, p, Options{Engine: noDaemon{}})
			if got.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", got.Kind, tt.kind)
			}
			if platformString(got.Platform) != "linux/arm64" {
				t.Errorf("Platform = %v, want linux/arm64", got.Platform)
			}
		})
	}
}
