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
	idx := mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: img})

	for kind, p := range layoutSources(t, idx) {
		t.Run(kind, func(t *testing.T) {
			checkLayersDescribed(t, openT(t, kind+":"+p, Options{}), img, false)
		})
	}
}

func TestRegistryLayersDescribedAndVerified(t *testing.T) {
	host := startRegistry(t, "", "")
	img := platformImage(t, amd64)
	push(t, host+"/described:v1", img)

	checkLayersDescribed(t, openT(t, host+"/described:v1", Options{Engine: noDaemon{}}), img, true)
}

// checkLayersDescribed checks that every layer of opened states the digest
// img's manifest gives it, and whether it says its stream is checked
// against that digest as it is read (layers.SelfVerifying).
func checkLayersDescribed(t *testing.T, opened *Image, img v1.Image, verifies bool) {
	t.Helper()
	want, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	ls, err := opened.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != len(want.Layers) {
		t.Fatalf("%d layers, want %d", len(ls), len(want.Layers))
	}
	for i, l := range ls {
		checkDescribed(t, l, true, want.Layers[i].Digest)
		sv, ok := l.(layers.SelfVerifying)
		if got := ok && sv.VerifiesDigest(); got != verifies {
			t.Errorf("layer %d verifies its own stream: %t, want %t", i, got, verifies)
		}
	}
}
