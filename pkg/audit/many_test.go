package audit

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// savedImages writes n random images of two layers as docker save
// tarballs and returns their paths.
func savedImages(t *testing.T, n int) []string {
	t.Helper()
	tag, err := name.NewTag("many:1")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := range n {
		img, err := random.Image(256, 2)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "img.tar")
		if err := tarball.WriteToFile(p, tag, img); err != nil {
			t.Fatalf("writing image %d: %v", i, err)
		}
		out = append(out, p)
	}
	return out
}

func TestMany(t *testing.T) {
	paths := savedImages(t, 3)
	absent := filepath.Join(t.TempDir(), "absent.tar")
	refs := []string{paths[0], absent, paths[1], paths[2], paths[0]}

	tests := []struct {
		name string
		jobs int
	}{
		{"one at a time", 1},
		{"several at once", 3},
		{"default", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Outcome
			err := Many(context.Background(), refs, tt.jobs, Options{}, func(o Outcome) error {
				got = append(got, o)
				return nil
			})
			if err != nil {
				t.Fatalf("Many: %v", err)
			}
			if len(got) != len(refs) {
				t.Fatalf("%d outcomes, want %d", len(got), len(refs))
			}
			for i, o := range got {
				failed := refs[i] == absent
				if o.Index != i || o.Reference != refs[i] || (o.Err != nil) != failed ||
					(o.Result != nil) == failed {
					t.Errorf("outcome %d = %d %q, result %t, error %v; want %q, failed %t",
						i, o.Index, o.Reference, o.Result != nil, o.Err, refs[i], failed)
				}
			}
			if a, b := got[0].Result, got[4].Result; a.Image.ImageID != b.Image.ImageID {
				t.Errorf("one image audited twice: %s and %s", a.Image.ImageID, b.Image.ImageID)
			}
		})
	}
}

func TestManyStopsWhenTold(t *testing.T) {
	refs := savedImages(t, 3)
	stop := errors.New("enough")
	calls := 0
	err := Many(context.Background(), refs, 2, Options{}, func(Outcome) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Many = %v after %d calls, want %v after 1", err, calls, stop)
	}
}
