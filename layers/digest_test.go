package layers

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// selfDescribed is a layer that states its blob's descriptor, as registry,
// layout and archive layers do.
type selfDescribed struct {
	*fakeLayer
	desc v1.Descriptor
}

func (s *selfDescribed) Descriptor() (*v1.Descriptor, error) {
	d := s.desc
	return &d, nil
}

func TestBlobDigest(t *testing.T) {
	blob := gz(t, tarOf(t, file("a", "hello")))
	sum := sha256.Sum256(blob)
	hashed := v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(sum[:])}
	stated := v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(make([]byte, 32))}
	fake := func() *fakeLayer { return &fakeLayer{name: "l", blob: blob, mt: types.DockerLayer} }

	tests := []struct {
		name  string
		layer v1.Layer
		want  v1.Hash
	}{
		{"stated by a descriptor", &selfDescribed{fakeLayer: fake(),
			desc: v1.Descriptor{Digest: stated, Size: int64(len(blob))}}, stated},
		{"no descriptor: hashed as read", fake(), hashed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustWalk(t, withLayers(t, tt.layer), Options{})
			got := ix.Layers[0]
			if got.Digest != tt.want || got.Size != int64(len(blob)) {
				t.Errorf("blob = %v, %d bytes; want %v, %d bytes",
					got.Digest, got.Size, tt.want, len(blob))
			}
			if ix.Lookup("/a") == nil {
				t.Error("/a is missing: the layer was not read")
			}
		})
	}
}
