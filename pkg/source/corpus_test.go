package source

import (
	"bytes"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// indexDigest is the digest of the first manifest that the index.json
// inside the tar at p lists, read with archive/tar alone.
func indexDigest(t *testing.T, p string) v1.Hash {
	t.Helper()
	im, err := v1.ParseIndexManifest(bytes.NewReader(tarMember(t, p, "index.json")))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) == 0 {
		t.Fatalf("%s: index.json lists no manifest", p)
	}
	return im.Manifests[0].Digest
}

func noDigest(*testing.T, string) v1.Hash { return v1.Hash{} }

func TestOpenCorpus(t *testing.T) {
	dir := corpusDir(t)

	tests := []struct {
		name     string
		file     string
		prefix   string
		kind     Kind
		platform string // "" when the corpus does not say
		layers   int    // 0 when the corpus does not say
		digest   func(*testing.T, string) v1.Hash
	}{
		{"legacy docker save", "dive-test-docker-image.tar", "", DockerArchive, "", 14, noDigest},
		{"legacy docker save, prefixed", "dive-test-docker-image.tar", "docker-archive:",
			DockerArchive, "", 14, noDigest},
		{"kaniko docker save", "dive-test-kaniko-image.tar", "", DockerArchive, "", 0, noDigest},
		{"oci gzip", "dive-test-oci-gzip-image.tar", "", OCIArchive, "linux/arm64", 0, indexDigest},
		{"oci zstd", "dive-test-oci-zstd-image.tar", "", OCIArchive, "linux/arm64", 0, indexDigest},
		{"oci uncompressed", "dive-test-oci-uncompressed-image.tar", "", OCIArchive,
			"linux/arm64", 0, indexDigest},
		{"oci estargz", "dive-test-oci-estargz-image.tar", "", OCIArchive,
			"linux/arm64", 0, indexDigest},
		{"oci gzip, prefixed", "dive-test-oci-gzip-image.tar", "oci-archive:", OCIArchive,
			"linux/arm64", 0, indexDigest},
		{"docker 25 save with null index", "ggcr-hello-world-v25.tar", "", DockerArchive,
			"", 0, noDigest},
		{"docker 25 save", "snyk-hello-world-docker25-save.tar", "", DockerArchive,
			"", 0, indexDigest},
		{"whiteout dir", "ggcr-whiteout_dir.tar", "", DockerArchive, "", 0, noDigest},
		{"foreign layer", "ggcr-foreign.tar", "", DockerArchive, "", 0, noDigest},
		{"layout with nested index", "ggcr-layout-test-index", "", OCIDir, "", 0, nil},
		{"layout with nested index, prefixed", "ggcr-layout-test-index", "oci-dir:", OCIDir,
			"", 0, nil},
		{"multi-platform layout", "stereoscope-multiplatform-oci-dir", "", OCIDir,
			"linux/amd64", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.file)
			img := openT(t, tt.prefix+p, Options{})

			if img.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", img.Kind, tt.kind)
			}
			if img.Reference != p {
				t.Errorf("Reference = %q, want %q", img.Reference, p)
			}
			if img.Tag != "" {
				t.Errorf("Tag = %q, want none for a file", img.Tag)
			}
			if got := platformString(img.Platform); tt.platform != "" && got != tt.platform {
				t.Errorf("Platform = %s, want %s", got, tt.platform)
			}

			if tt.digest != nil {
				if want := tt.digest(t, p); img.Digest != want {
					t.Errorf("Digest = %v, want %v", img.Digest, want)
				}
			} else if img.Digest != mustDigest(t, img.Image) {
				want := mustDigest(t, img.Image)
				t.Errorf("Digest = %v, want the manifest's %v", img.Digest, want)
			}

			read := checkLayers(t, img.Image)
			if tt.layers != 0 && read != tt.layers {
				t.Errorf("read %d layers, want %d", read, tt.layers)
			}
			if read == 0 {
				t.Error("read no layer")
			}
		})
	}
}
