package source

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
)

// describedImage is an image from an OCI layout or an oci-archive whose
// layers say their descriptor. Those layers know it from the manifest,
// but ggcr's wrappers hide it from a type assertion; the walker asks for it
// to take a blob's digest instead of hashing the blob.
type describedImage struct {
	v1.Image
}

func (i describedImage) Layers() ([]v1.Layer, error) {
	ls, err := i.Image.Layers()
	if err != nil {
		return nil, err
	}
	out := make([]v1.Layer, len(ls))
	for n, l := range ls {
		out[n] = describedLayer{l}
	}
	return out, nil
}

func (i describedImage) LayerByDigest(h v1.Hash) (v1.Layer, error) {
	l, err := i.Image.LayerByDigest(h)
	if err != nil {
		return nil, err
	}
	return describedLayer{l}, nil
}

func (i describedImage) LayerByDiffID(h v1.Hash) (v1.Layer, error) {
	l, err := i.Image.LayerByDiffID(h)
	if err != nil {
		return nil, err
	}
	return describedLayer{l}, nil
}

// describedLayer is a layer of a layout or an archive, with the descriptor
// its manifest gives it.
type describedLayer struct {
	v1.Layer
}

func (l describedLayer) Descriptor() (*v1.Descriptor, error) {
	return partial.Descriptor(l.Layer)
}
