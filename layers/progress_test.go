package layers

import (
	"math/rand/v2"
	"sync"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// noise is n bytes that do not compress, so that a blob holding them is
// more than n bytes long.
func noise(n int) string {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return string(b)
}

func TestProgress(t *testing.T) {
	big := gz(t, tarOf(t, file("big", noise(3*progressStep))))
	small := gz(t, tarOf(t, file("small", "x")))
	layer := func(name string, blob []byte, described bool) v1.Layer {
		f := &fakeLayer{name: name, blob: blob, mt: types.DockerLayer}
		if !described {
			return f
		}
		return &selfDescribed{fakeLayer: f, desc: v1.Descriptor{Size: int64(len(blob)),
			Digest: sha256Of(blob)}}
	}

	tests := []struct {
		name      string
		blob      []byte
		described bool
		// minReports is how many reports the layer must get at least: the
		// announcement, one a MiB read, and the last.
		minReports int
	}{
		{"big blob, size stated", big, true, 5},
		{"big blob, size unknown", big, false, 5},
		{"small blob", small, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []Progress
			opts := Options{Progress: func(p Progress) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, p)
			}}
			mustWalk(t, withLayers(t, layer("l", tt.blob, tt.described)), opts)
			checkProgress(t, got, int64(len(tt.blob)), tt.described, tt.minReports)
		})
	}
}

// checkProgress checks the reports on one layer: announced unread, then
// read forward, and done once the whole blob is read.
func checkProgress(t *testing.T, got []Progress, blob int64, described bool, minReports int) {
	t.Helper()
	if len(got) < minReports {
		t.Fatalf("%d reports, want at least %d: %+v", len(got), minReports, got)
	}
	wantSize := int64(0)
	if described {
		wantSize = blob
	}
	if got[0].Read != 0 || got[0].Done {
		t.Errorf("first report = %+v, want the layer announced unread", got[0])
	}

	var last int64
	for i, p := range got {
		if p.Layer != 0 || p.Size != wantSize || p.Read < last {
			t.Errorf("report %d = %+v, want layer 0, size %d, read at least %d",
				i, p, wantSize, last)
		}
		last = p.Read
		if p.Done != (i == len(got)-1) {
			t.Errorf("report %d of %d: Done = %t", i+1, len(got), p.Done)
		}
	}
	if last != blob {
		t.Errorf("last report read %d bytes, want the blob's %d", last, blob)
	}
}
