package source

import (
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
)

func TestLayoutLayersDescribed(t *testing.T) {
	img, err := random.Image(512, 2)
	if err != nil {
		t.Fatal(err)
	}
	want, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	idx := mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: img})

	for kind, p := range layoutSources(t, idx) {
		t.Run(kind, func(t *testing.T) {
			opened := openT(t, kind+":"+p, Options{})
			ls, err := opened.Layers()
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) != len(want.Layers) {
				t.Fatalf("%d layers, want %d", len(ls), len(want.Layers))
			}
			for i, l := range ls {
				checkDescribed(t, l, true, want.Layers[i].Digest)
			}
		})
	}
}
