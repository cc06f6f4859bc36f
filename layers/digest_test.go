package layers

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// selfDescribed is a layer that states its blob's descriptor, as registry,
// layout and archive layers do; verifies says the source checks the blob
// against it as it streams.
type selfDescribed struct {
	*fakeLayer
	desc     v1.Descriptor
	verifies bool
}

func (s *selfDescribed) Descriptor() (*v1.Descriptor, error) {
	d := s.desc
	return &d, nil
}

func (s *selfDescribed) VerifiesDigest() bool { return s.verifies }

// named is a layer whose blob is stored under a name that looks like a
// digest.
type named struct {
	*fakeLayer
	name v1.Hash
}

func (n *named) NamedDigest() v1.Hash { return n.name }

func sha256Of(b []byte) v1.Hash {
	sum := sha256.Sum256(b)
	return v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(sum[:])}
}

func TestBlobDigest(t *testing.T) {
	content := tarOf(t, file("a", "hello"))
	blob := gz(t, content)
	hashed := sha256Of(blob)
	other := v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("00", 32)}
	fake := func() *fakeLayer { return &fakeLayer{name: "l", blob: blob, mt: types.DockerLayer} }
	stated := func(d v1.Hash, verifies bool) v1.Layer {
		return &selfDescribed{fakeLayer: fake(), verifies: verifies,
			desc: v1.Descriptor{Digest: d, Size: int64(len(blob))}}
	}

	tests := []struct {
		name   string
		layer  v1.Layer
		diffID v1.Hash // the config's claim
		want   v1.Hash // the layer's digest, or zero for ErrMismatch
	}{
		{"stated and matching", stated(hashed, false), other, hashed},
		{"stated, not matching", stated(other, false), sha256Of(content), v1.Hash{}},
		// The source checks what it streams; Walk takes its word.
		{"stated, checked by the source", stated(other, true), other, other},
		{"no descriptor: hashed as read", fake(), sha256Of(content), hashed},
		{"no descriptor, content not the diff ID", fake(), other, v1.Hash{}},
		{"named for its digest", &named{fake(), hashed}, other, hashed},
		{"named otherwise: content checked", &named{fake(), other}, sha256Of(content), hashed},
		{"named otherwise, content not the diff ID", &named{fake(), sha256Of(content)}, other,
			v1.Hash{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := &fakeImage{cfg: configWith(tt.diffID), layers: []v1.Layer{tt.layer}}
			ix, err := Walk(t.Context(), img, Options{})
			if tt.want == (v1.Hash{}) {
				if !errors.Is(err, ErrMismatch) {
					t.Fatalf("Walk = %v, want ErrMismatch", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
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

func TestBlobDigestAlgorithms(t *testing.T) {
	content := tarOf(t, file("a", "hello"))
	blob := gz(t, content)
	sum := sha512.Sum512(blob)
	sha512Of := v1.Hash{Algorithm: "sha512", Hex: hex.EncodeToString(sum[:])}
	wrong512 := v1.Hash{Algorithm: "sha512", Hex: strings.Repeat("00", 64)}
	unknown := v1.Hash{Algorithm: "blake3", Hex: strings.Repeat("00", 32)}
	other := v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("00", 32)}

	tests := []struct {
		name         string
		stated       v1.Hash
		diffID       v1.Hash
		wantMismatch bool
	}{
		{"sha512, matching", sha512Of, other, false},
		{"sha512, not matching", wrong512, sha256Of(content), true},
		// A digest Walk cannot compute is no check; the content is checked.
		{"unknown algorithm, content matches", unknown, sha256Of(content), false},
		{"unknown algorithm, content does not", unknown, other, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &selfDescribed{fakeLayer: &fakeLayer{name: "l", blob: blob, mt: types.DockerLayer},
				desc: v1.Descriptor{Digest: tt.stated, Size: int64(len(blob))}}
			img := &fakeImage{cfg: configWith(tt.diffID), layers: []v1.Layer{l}}
			ix, err := Walk(t.Context(), img, Options{})
			if tt.wantMismatch {
				if !errors.Is(err, ErrMismatch) {
					t.Fatalf("Walk = %v, want ErrMismatch", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if tt.stated == sha512Of && ix.Layers[0].Digest != sha512Of {
				t.Errorf("digest = %v, want %v", ix.Layers[0].Digest, sha512Of)
			}
		})
	}
}

func TestBlobMismatchMessage(t *testing.T) {
	blob := gz(t, tarOf(t, file("a", "hello")))
	stated := v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("ab", 32)}
	l := &selfDescribed{fakeLayer: &fakeLayer{name: "l", blob: blob, mt: types.DockerLayer},
		desc: v1.Descriptor{Digest: stated, Size: int64(len(blob))}}

	_, err := Walk(t.Context(), withLayers(t, l), Options{})
	d, _ := l.Digest()
	want := "reading layer 0 (" + short(d) + "): blob has digest " + short(sha256Of(blob)) +
		", but the image states sha256:abababababab…"
	if err == nil || err.Error() != want {
		t.Errorf("Walk = %v\nwant %s", err, want)
	}
}
