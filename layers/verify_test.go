package layers

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// realDiffID is the sha256 of blob's uncompressed stream. ok is false for
// an empty blob or one that does not decompress.
func realDiffID(blob []byte) (v1.Hash, bool) {
	if len(blob) == 0 {
		return v1.Hash{}, false
	}
	rc, err := Decompress(bytes.NewReader(blob))
	if err != nil {
		return v1.Hash{}, false
	}
	defer rc.Close()

	h, _, err := v1.SHA256(rc)
	return h, err == nil
}

// diffed is a layer whose diff ID is its blob's true one, whatever the
// layer itself says.
type diffed struct {
	v1.Layer
	diffID v1.Hash
}

func (d diffed) DiffID() (v1.Hash, error) { return d.diffID, nil }

// withDiffID gives l the true diff ID of blob, when it has one.
func withDiffID(l v1.Layer, blob []byte) v1.Layer {
	h, ok := realDiffID(blob)
	if !ok {
		return l
	}
	return diffed{Layer: l, diffID: h}
}

func TestDiffIDMismatch(t *testing.T) {
	good := tarOf(t, file("etc/motd", "hello"))
	evil := tarOf(t, file("etc/motd", "HELLO"))
	goodID, _ := realDiffID(good)

	tests := []struct {
		name string
		blob []byte
	}{
		{"uncompressed", evil},
		{"gzip", gz(t, evil)},
		{"zstd", zst(t, evil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The config states the diff ID of good; the blob holds evil.
			l := &fakeLayer{name: tt.name, blob: tt.blob, mt: types.DockerLayer}
			img := &fakeImage{cfg: configWith(goodID), layers: []v1.Layer{l}}

			_, err := Walk(t.Context(), img, Options{})
			if !errors.Is(err, ErrMismatch) {
				t.Fatalf("Walk = %v, want ErrMismatch", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "reading layer 0 (") || !strings.Contains(msg, short(goodID)) {
				t.Errorf("error %q does not name layer 0 and the stated diff ID", msg)
			}
		})
	}
}

func TestDiffIDMatches(t *testing.T) {
	blob := tarOf(t, file("a", "a"))
	// Trailing zero blocks after the end of the archive belong to the diff ID.
	padded := append(bytes.Clone(blob), make([]byte, 10240)...)

	for name, b := range map[string][]byte{"plain": blob, "padded": padded, "gzip": gz(t, padded)} {
		t.Run(name, func(t *testing.T) {
			want, _ := realDiffID(b)
			l := &fakeLayer{name: name, blob: b, mt: types.DockerLayer}
			img := &fakeImage{cfg: configWith(want), layers: []v1.Layer{l}}
			if _, err := Walk(t.Context(), img, Options{}); err != nil {
				t.Fatalf("Walk: %v", err)
			}
		})
	}
}

func TestDiffIDUnstated(t *testing.T) {
	// A config without diff IDs, or with a digest in another algorithm, is
	// taken on trust.
	blob := tarOf(t, file("a", "a"))
	other := v1.Hash{Algorithm: "sha512", Hex: strings.Repeat("0", 128)}
	for name, cfg := range map[string]*v1.ConfigFile{"none": {}, "sha512": configWith(other)} {
		t.Run(name, func(t *testing.T) {
			l := &fakeLayer{name: name, blob: blob, mt: types.DockerLayer}
			if _, err := Walk(t.Context(), &fakeImage{cfg: cfg, layers: []v1.Layer{l}},
				Options{}); err != nil {
				t.Fatalf("Walk: %v", err)
			}
		})
	}
}

func configWith(diffIDs ...v1.Hash) *v1.ConfigFile {
	cfg := &v1.ConfigFile{}
	cfg.RootFS.DiffIDs = diffIDs
	return cfg
}
