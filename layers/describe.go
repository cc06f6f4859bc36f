package layers

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// describe fills in what is known of each layer before it is read: its
// media type, its diff ID from the config, and the command that made it.
// The config's diff IDs are used rather than asking the layer, which for
// some images means decompressing the blob a second time.
func describe(ls []v1.Layer, cfg *v1.ConfigFile) []Layer {
	out := make([]Layer, len(ls))
	for i, l := range ls {
		out[i].MediaType, _ = l.MediaType()
		if i < len(cfg.RootFS.DiffIDs) {
			out[i].DiffID = cfg.RootFS.DiffIDs[i]
		}
	}
	pairHistory(cfg.History, out)
	return out
}

// pairHistory sets CreatedBy from the history entries that made a layer,
// skipping those marked empty_layer. Layers beyond the history keep "".
func pairHistory(hist []v1.History, out []Layer) {
	i := 0
	for _, h := range hist {
		if h.EmptyLayer {
			continue
		}
		if i == len(out) {
			return
		}
		out[i].CreatedBy = h.CreatedBy
		i++
	}
}

// describer is a layer that knows its descriptor without reading its blob.
type describer interface {
	Descriptor() (*v1.Descriptor, error)
}

// blobDescriptor returns what the image says of a blob that was not read:
// its digest and size, or zero values where the layer cannot say.
func blobDescriptor(l v1.Layer) (v1.Hash, int64) {
	if d, ok := l.(describer); ok {
		if desc, err := d.Descriptor(); err == nil {
			return desc.Digest, desc.Size
		}
	}

	digest, err := l.Digest()
	if err != nil {
		return v1.Hash{}, 0
	}
	size, err := l.Size()
	if err != nil {
		return digest, 0
	}
	return digest, size
}

// statedDigest is the digest a layer's descriptor states for its blob, or
// zero when the layer has no descriptor. A layer that describes itself
// knows its digest without reading its blob; any other may compute it by
// reading the blob again, so the walk hashes that blob as it reads it.
func statedDigest(l v1.Layer) v1.Hash {
	d, ok := l.(describer)
	if !ok {
		return v1.Hash{}
	}
	desc, err := d.Descriptor()
	if err != nil {
		return v1.Hash{}
	}
	return desc.Digest
}
