package layers

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func TestHistory(t *testing.T) {
	tests := []struct {
		name    string
		history []v1.History
		want    []string
	}{
		{
			name: "empty layers skipped",
			history: []v1.History{
				{CreatedBy: "ADD rootfs"}, {CreatedBy: "ENV A=1", EmptyLayer: true},
				{CreatedBy: "RUN make"}, {CreatedBy: "CMD [sh]", EmptyLayer: true},
				{CreatedBy: "COPY app"},
			},
			want: []string{"ADD rootfs", "RUN make", "COPY app"},
		},
		{
			name:    "fewer entries than layers",
			history: []v1.History{{CreatedBy: "ADD rootfs"}},
			want:    []string{"ADD rootfs", "", ""},
		},
		{
			name: "more entries than layers",
			history: []v1.History{
				{CreatedBy: "a"}, {CreatedBy: "b"}, {CreatedBy: "c"}, {CreatedBy: "d"},
			},
			want: []string{"a", "b", "c"},
		},
		{
			name: "entries without created or created_by",
			history: []v1.History{
				{Comment: "no command"}, {CreatedBy: "RUN x", Created: v1.Time{}},
				{CreatedBy: "RUN y"},
			},
			want: []string{"", "RUN x", "RUN y"},
		},
		{name: "no history", want: []string{"", "", ""}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := imageOf(t, tarOf(t, file("a", "a")), tarOf(t, file("b", "b")),
				tarOf(t, file("c", "c")))
			cfg, err := img.ConfigFile()
			if err != nil {
				t.Fatal(err)
			}
			cfg = cfg.DeepCopy()
			cfg.History = tt.history
			if img, err = mutate.ConfigFile(img, cfg); err != nil {
				t.Fatal(err)
			}

			ix := mustWalk(t, img, Options{})
			var got []string
			for _, l := range ix.Layers {
				got = append(got, l.CreatedBy)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("created by = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLayerMetadata(t *testing.T) {
	blob := gz(t, tarOf(t, file("a", "hello")))
	img := imageOf(t, blob, blob) // the same layer twice
	ix := mustWalk(t, img, Options{})

	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Layers) != 2 {
		t.Fatalf("layers = %d, want 2", len(ix.Layers))
	}
	for i, l := range ix.Layers {
		digest, _ := ls[i].Digest()
		diffID, _ := ls[i].DiffID()
		if l.Digest != digest || l.DiffID != diffID || l.Size != int64(len(blob)) {
			t.Errorf("layer %d = %v %v %d, want %v %v %d",
				i, l.Digest, l.DiffID, l.Size, digest, diffID, len(blob))
		}
		if l.MediaType != types.DockerLayer || len(l.Entries) != 1 || l.Bytes != 5 {
			t.Errorf("layer %d = %s, %d entries, %d bytes", i, l.MediaType, len(l.Entries), l.Bytes)
		}
	}

	want := []string{"/a@0 by 1 overwritten"}
	if got := hiddenStrings(ix); !slices.Equal(got, want) {
		t.Errorf("hidden = %q, want %q", got, want)
	}
	if ix.Lookup("/a").Layer != 1 {
		t.Error("final /a does not come from layer 1")
	}
}

// fakeImage serves a config and layers; Walk needs nothing else.
type fakeImage struct {
	v1.Image
	cfg    *v1.ConfigFile
	layers []v1.Layer
}

func (f *fakeImage) ConfigFile() (*v1.ConfigFile, error) { return f.cfg, nil }
func (f *fakeImage) Layers() ([]v1.Layer, error)         { return f.layers, nil }

// brokenLayer has no blob and cannot say its digest or size either.
type brokenLayer struct{ fakeLayer }

func (*brokenLayer) Digest() (v1.Hash, error) { return v1.Hash{}, errors.New("no digest") }
func (*brokenLayer) Size() (int64, error)     { return 0, errors.New("no size") }

func TestMissingLayers(t *testing.T) {
	below := &fakeLayer{name: "below", blob: tarOf(t, file("a", "a")), mt: types.DockerLayer}
	above := &fakeLayer{name: "above", blob: tarOf(t, file("b", "b")), mt: types.DockerLayer}
	notThere := errors.New("file 0123.tar.gz not found in tar")
	notFound := &transport.Error{StatusCode: http.StatusNotFound}

	tests := []struct {
		name    string
		layer   v1.Layer
		want    error // what Layer.Missing wraps
		wantErr bool
	}{
		{name: "foreign", layer: &fakeLayer{name: "f", mt: types.DockerForeignLayer,
			openErr: errors.New("must not be opened")}, want: ErrForeign},
		{name: "absent file", layer: &fakeLayer{name: "n", mt: types.DockerLayer,
			openErr: fmt.Errorf("opening blob: %w", fs.ErrNotExist)}, want: fs.ErrNotExist},
		{name: "absent from a docker-save tarball", layer: &fakeLayer{name: "t",
			mt: types.DockerLayer, openErr: notThere}, want: notThere},
		{name: "absent from a registry", layer: &fakeLayer{name: "r", mt: types.OCILayer,
			openErr: notFound}, want: notFound},
		{name: "absent and getters fail", layer: &brokenLayer{fakeLayer{name: "b",
			mt: types.DockerLayer, openErr: fs.ErrNotExist}}, want: fs.ErrNotExist},
		{name: "refused", layer: &fakeLayer{name: "x", mt: types.DockerLayer,
			openErr: errors.New("permission denied")}, wantErr: true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := &fakeImage{cfg: &v1.ConfigFile{}, layers: []v1.Layer{below, tt.layer, above}}
			ix, err := Walk(t.Context(), img, Options{})
			if tt.wantErr {
				if err == nil {
					t.Fatal("Walk succeeded on a layer it could not open")
				}
				return
			}
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}

			m := ix.Layers[1].Missing
			if !errors.Is(m, tt.want) {
				t.Errorf("missing = %v, want %v", m, tt.want)
			}
			if got, want := paths(ix), []string{"/a", "/b"}; !slices.Equal(got, want) {
				t.Errorf("final = %q, want %q", got, want)
			}
		})
	}
}

func TestNoLayers(t *testing.T) {
	ix := mustWalk(t, &fakeImage{cfg: &v1.ConfigFile{}}, Options{})

	if len(ix.Layers) != 0 || len(paths(ix)) != 0 || ix.FinalBytes() != 0 {
		t.Errorf("index of no layers = %d layers, %q", len(ix.Layers), paths(ix))
	}
	if root := ix.Lookup("/"); root == nil || root.Kind != Dir {
		t.Errorf("root = %+v, want a directory", root)
	}
}
