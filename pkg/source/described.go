package source

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
)

// describedImage is an image whose layers say their descriptor. Layers of
// a layout, an archive or a registry know it from the manifest, but ggcr's
// wrappers hide it from a type assertion; the walker asks for it to learn
// what digest each blob must have. verified says the image's blobs are
// checked against that digest as they stream, as ggcr does for a registry's,
// so that the walker need not hash them again.
type describedImage struct {
	v1.Image
	verified bool
}

func (i describedImage) Layers() ([]v1.Layer, error) {
	ls, err := i.Image.Layers()
	if err != nil {
		return nil, err
	}
	out := make([]v1.Layer, len(ls))
	for n, l := range ls {
		out[n] = describedLayer{l, i.verified}
	}
	return out, nil
}

func (i describedImage) LayerByDigest(h v1.Hash) (v1.Layer, error) {
	l, err := i.Image.LayerByDigest(h)
	if err != nil {
		return nil, err
	}
	return describedLayer{l, i.verified}, nil
}

func (i describedImage) LayerByDiffID(h v1.Hash) (v1.Layer, error) {
	l, err := i.Image.LayerByDiffID(h)
	if err != nil {
		return nil, err
	}
	return describedLayer{l, i.verified}, nil
}

// describedLayer is a layer with the descriptor its manifest gives it.
type describedLayer struct {
	v1.Layer
	verified bool
}

func (l describedLayer) Descriptor() (*v1.Descriptor, error) {
	return partial.Descriptor(l.Layer)
}

func (l describedLayer) VerifiesDigest() bool { return l.verified }
