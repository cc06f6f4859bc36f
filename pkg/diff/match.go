package diff

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
)

// layerKey is what identifies a layer's content: its diff ID, or where the
// config does not give one, the digest of its blob.
func layerKey(ix *layers.Index, i int) v1.Hash {
	l := ix.Layers[i]
	if l.DiffID != (v1.Hash{}) {
		return l.DiffID
	}
	return l.Digest
}

// matchLayers pairs the layers of two images by diff ID. It lists the new
// image's layers in order, shared or added, then the old image's layers
// that the new one lacks. shared counts the bottom layers both images have
// in the same order.
func matchLayers(before, after *layers.Index) (shared int, out []change.Layer) {
	for shared < min(len(before.Layers), len(after.Layers)) &&
		layerKey(before, shared) == layerKey(after, shared) {
		shared++
	}

	// An image may hold one diff ID twice; each old copy pairs once.
	unpaired := map[v1.Hash][]int{}
	for i := range before.Layers {
		k := layerKey(before, i)
		unpaired[k] = append(unpaired[k], i)
	}

	for j := range after.Layers {
		l := describeLayer(after, j, change.Added)
		l.New = &j
		k := layerKey(after, j)
		if olds := unpaired[k]; len(olds) > 0 {
			l.Change, l.Old = change.Shared, &olds[0]
			unpaired[k] = olds[1:]
		}
		out = append(out, l)
	}

	for i := range before.Layers {
		k := layerKey(before, i)
		if olds := unpaired[k]; len(olds) > 0 && olds[0] == i {
			l := describeLayer(before, i, change.Removed)
			l.Old = &i
			unpaired[k] = olds[1:]
			out = append(out, l)
		}
	}
	return shared, out
}

// describeLayer is layer i of ix as the report lists it.
func describeLayer(ix *layers.Index, i int, kind string) change.Layer {
	l := ix.Layers[i]
	return change.Layer{
		DiffID:         layerKey(ix, i).String(),
		Change:         kind,
		CreatedBy:      check.MaskHistory(l.CreatedBy),
		Size:           l.Bytes,
		CompressedSize: l.Size,
	}
}
