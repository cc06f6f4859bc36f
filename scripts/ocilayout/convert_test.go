package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

const dockerGzipLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip"

// dirImage is a skopeo dir: folder written by a test.
type dirImage struct {
	config []byte
	layers [][]byte
}

func (img dirImage) write(t *testing.T, corrupt bool) string {
	t.Helper()
	dir := t.TempDir()
	put := func(b []byte) descriptor {
		sum := sha256.Sum256(b)
		name := hex.EncodeToString(sum[:])
		if corrupt {
			b = append([]byte("x"), b[1:]...)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return descriptor{Digest: "sha256:" + name, Size: int64(len(b))}
	}

	m := manifest{
		SchemaVersion: 2,
		MediaType:     "application/vnd.docker.distribution.manifest.v2+json",
	}
	m.Config = put(img.config)
	m.Config.MediaType = "application/vnd.docker.container.image.v1+json"
	for _, l := range img.layers {
		d := put(l)
		d.MediaType = dockerGzipLayer // what skopeo writes, compressed or not
		m.Layers = append(m.Layers, d)
	}
	if err := writeJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	return dir
}

func tarOf(t *testing.T, name, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}
	if err := tw.WriteHeader(hdr); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
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

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
}

func TestConvertKeepsConfigAndNamesLayersByContent(t *testing.T) {
	config := []byte(`{"config":{"User":"10001","Healthcheck":{"Test":["CMD","/app/hello"]}}}`)
	img := dirImage{config: config, layers: [][]byte{
		tarOf(t, "etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
		gzipOf(t, tarOf(t, "app/hello", "binary")),
	}}
	layout := filepath.Join(t.TempDir(), "layout")
	if err := convert(img.write(t, false), layout, "1"); err != nil {
		t.Fatal(err)
	}

	var idx index
	readJSON(t, filepath.Join(layout, "index.json"), &idx)
	if len(idx.Manifests) != 1 || idx.Manifests[0].Annotations[refNameLabel] != "1" {
		t.Fatalf("index.json manifests = %+v, want one named 1", idx.Manifests)
	}
	var m manifest
	blob := func(d descriptor) string {
		return filepath.Join(layout, "blobs", "sha256", d.Digest[len("sha256:"):])
	}
	readJSON(t, blob(idx.Manifests[0]), &m)

	got, err := os.ReadFile(blob(m.Config))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, config) || m.Config.MediaType != ociConfig {
		t.Errorf("config = %s (%s), want the original bytes as %s",
			got, m.Config.MediaType, ociConfig)
	}

	want := []string{ociLayer, ociLayer + "+gzip"}
	for i, l := range m.Layers {
		if l.MediaType != want[i] {
			t.Errorf("layer %d media type = %s, want %s", i, l.MediaType, want[i])
		}
	}
	if len(m.Layers) != len(want) {
		t.Errorf("%d layers, want %d", len(m.Layers), len(want))
	}
}

func TestConvertRefuses(t *testing.T) {
	img := dirImage{config: []byte(`{}`), layers: [][]byte{tarOf(t, "a", "b")}}
	tests := []struct {
		name  string
		setup func(t *testing.T) (from, to string)
	}{
		{"blob that does not match its digest", func(t *testing.T) (string, string) {
			return img.write(t, true), filepath.Join(t.TempDir(), "layout")
		}},
		{"layout that already exists", func(t *testing.T) (string, string) {
			return img.write(t, false), t.TempDir()
		}},
		{"folder without a manifest", func(t *testing.T) (string, string) {
			return t.TempDir(), filepath.Join(t.TempDir(), "layout")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := tt.setup(t)
			if err := convert(from, to, ""); err == nil {
				t.Error("convert succeeded, want an error")
			}
		})
	}
}
