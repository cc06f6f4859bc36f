package source

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"

	"github.com/imgaudit/imgaudit/layers"
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
				checkVerifies(t, l, false)
			}
		})
	}
}

func TestRegistryLayersDescribedAndVerified(t *testing.T) {
	host := startRegistry(t, "", "")
	img := platformImage(t, amd64)
	push(t, host+"/described:v1", img)
	want, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}

	opened := openT(t, host+"/described:v1", Options{Engine: noDaemon{}})
	ls, err := opened.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != len(want.Layers) {
		t.Fatalf("%d layers, want %d", len(ls), len(want.Layers))
	}
	for i, l := range ls {
		checkDescribed(t, l, true, want.Layers[i].Digest)
		checkVerifies(t, l, true)
	}
}

// checkVerifies checks whether l says its stream is checked against its
// digest as it is read (layers.SelfVerifying).
func checkVerifies(t *testing.T, l v1.Layer, want bool) {
	t.Helper()
	sv, ok := l.(layers.SelfVerifying)
	if got := ok && sv.VerifiesDigest(); got != want {
		t.Errorf("layer verifies its own stream: %t, want %t", got, want)
	}
}
