package source

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/zstd"
)

// hashOf is the sha256 digest of b.
func hashOf(t *testing.T, b []byte) v1.Hash {
	t.Helper()
	h, _, err := v1.SHA256(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func zstdOf(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeSave writes, by hand, a docker save tarball of one image with one
// layer stored as blob under the member name member; plain is the layer's
// tar, whose digest the config gives as the diff ID.
func writeSave(t *testing.T, member string, blob, plain []byte) string {
	t.Helper()
	cfg := v1.ConfigFile{OS: "linux", Architecture: "amd64"}
	cfg.RootFS.Type = "layers"
	cfg.RootFS.DiffIDs = []v1.Hash{hashOf(t, plain)}
	rawCfg, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rawManifest, err := json.Marshal(tarball.Manifest{{
		Config: "config.json", RepoTags: []string{"saved:1"}, Layers: []string{member},
	}})
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range []struct {
		name string
		body []byte
	}{{"config.json", rawCfg}, {member, blob}, {"manifest.json", rawManifest}} {
		hdr := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.body))}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(m.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}

	p := filepath.Join(t.TempDir(), "saved.tar")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readOpened reads what open opens, to its end.
func readOpened(t *testing.T, open func() (io.ReadCloser, error)) []byte {
	t.Helper()
	rc, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDockerArchiveLayersAsStored(t *testing.T) {
	plain := tarOf(t, map[string]string{"etc/hostname": "box\n", "srv/app": "binary"})
	gz := gzipOf(t, plain)

	tests := []struct {
		name   string
		member string
		blob   []byte
		mt     types.MediaType
		// described is set when the digest is known without reading the
		// blob, so the layer offers a descriptor.
		described bool
	}{
		{"legacy, uncompressed", "0123abcd/layer.tar", plain, types.DockerUncompressedLayer, true},
		{"kaniko, gzip", "sha256:0123abcd.tar.gz", gz, types.DockerLayer, false},
		{"zstd", "layer.tar.zst", zstdOf(t, plain), types.OCILayerZStd, false},
		{"docker 25, content-addressed", "blobs/sha256/" + hashOf(t, plain).Hex, plain,
			types.DockerUncompressedLayer, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := openT(t, "docker-archive:"+writeSave(t, tt.member, tt.blob, plain), Options{})
			ls, err := img.Layers()
			if err != nil || len(ls) != 1 {
				t.Fatalf("Layers = %d, %v; want one layer", len(ls), err)
			}
			l := ls[0]

			if got := readOpened(t, l.Compressed); !bytes.Equal(got, tt.blob) {
				t.Errorf("Compressed gave %d bytes, want the %d stored", len(got), len(tt.blob))
			}
			if got := readOpened(t, l.Uncompressed); !bytes.Equal(got, plain) {
				t.Errorf("Uncompressed gave %d bytes, want the %d of the tar", len(got), len(plain))
			}
			if d, err := l.Digest(); err != nil || d != hashOf(t, tt.blob) {
				t.Errorf("Digest = %v, %v; want %v", d, err, hashOf(t, tt.blob))
			}
			if d, err := l.DiffID(); err != nil || d != hashOf(t, plain) {
				t.Errorf("DiffID = %v, %v; want %v", d, err, hashOf(t, plain))
			}
			if s, err := l.Size(); err != nil || s != int64(len(tt.blob)) {
				t.Errorf("Size = %d, %v; want %d", s, err, len(tt.blob))
			}
			if mt, err := l.MediaType(); err != nil || mt != tt.mt {
				t.Errorf("MediaType = %q, %v; want %q", mt, err, tt.mt)
			}
			checkDescribed(t, l, tt.described, hashOf(t, tt.blob))
			m, err := img.Manifest()
			if err != nil {
				t.Fatal(err)
			}
			if d, _ := l.Digest(); len(m.Layers) != 1 || m.Layers[0].Digest != d {
				t.Errorf("manifest layers = %v, want the one with digest %v", m.Layers, d)
			}
		})
	}
}

func TestDockerArchiveLayerLookups(t *testing.T) {
	plain := tarOf(t, map[string]string{"a": "b"})
	gz := gzipOf(t, plain)
	img := openT(t, "docker-archive:"+writeSave(t, "l.tar.gz", gz, plain), Options{})

	tests := []struct {
		name string
		find func() (v1.Layer, error)
	}{
		{"by digest", func() (v1.Layer, error) { return img.LayerByDigest(hashOf(t, gz)) }},
		{"by diff ID", func() (v1.Layer, error) { return img.LayerByDiffID(hashOf(t, plain)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := tt.find()
			if err != nil {
				t.Fatal(err)
			}
			if got := readOpened(t, l.Compressed); !bytes.Equal(got, gz) {
				t.Errorf("found a layer of %d bytes, want the %d stored", len(got), len(gz))
			}
		})
	}

	if _, err := img.LayerByDigest(hashOf(t, plain)); err == nil {
		t.Error("LayerByDigest of the diff ID of a gzip layer: no error")
	}
}

// checkDescribed checks that l offers a descriptor, with digest want, if
// and only if it should.
func checkDescribed(t *testing.T, l v1.Layer, should bool, want v1.Hash) {
	t.Helper()
	d, ok := l.(interface {
		Descriptor() (*v1.Descriptor, error)
	})
	if ok != should {
		t.Fatalf("layer offers a descriptor: %t, want %t", ok, should)
	}
	if !ok {
		return
	}
	desc, err := d.Descriptor()
	if err != nil || desc.Digest != want {
		t.Errorf("Descriptor = %v, %v; want digest %v", desc, err, want)
	}
}
