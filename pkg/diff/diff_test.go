package diff

import (
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

func TestOnlyAppLayerChanged(t *testing.T) {
	base := difftest.Layer(t, f("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
		difftest.Sized("bin/sh", 4000, 's'))
	oldApp := difftest.Layer(t, difftest.Sized("srv/app/server", 1000, 'a'),
		f("srv/app/static.css", "body{}"), f("srv/app/old.txt", "gone soon"))
	newApp := difftest.Layer(t, difftest.Sized("srv/app/server", 3000, 'b'),
		f("srv/app/static.css", "body{}"), f("srv/app/new.txt", "brand new file"))

	// Two kinds of source on purpose: the comparison takes any two.
	oldRef := difftest.DockerArchive(t, difftest.Image(t, v1.Config{}, base, oldApp))
	newRef := difftest.OCIDir(t, difftest.Image(t, v1.Config{}, base, newApp))
	rep := compareRefs(t, oldRef, newRef, Options{})

	if rep.SharedBase != 1 || rep.LayerCountDelta != 0 {
		t.Errorf("shared base = %d, layer count delta = %d; want 1 and 0",
			rep.SharedBase, rep.LayerCountDelta)
	}
	var kinds []string
	for _, l := range rep.Layers {
		kinds = append(kinds, l.Change)
	}
	if want := []string{change.Shared, change.Added, change.Removed}; !slices.Equal(kinds, want) {
		t.Errorf("layers = %v, want %v", kinds, want)
	}
	want := layerSum(rep, change.Added) - layerSum(rep, change.Removed)
	if rep.SizeDelta != want {
		t.Errorf("size delta = %d, want added minus removed layers = %d", rep.SizeDelta, want)
	}
	if rep.SizeDelta <= 0 || rep.New.Size-rep.Old.Size != rep.SizeDelta {
		t.Errorf("size delta = %d for sizes %d → %d", rep.SizeDelta, rep.Old.Size, rep.New.Size)
	}
	if rep.Old.Source != "docker-archive" || rep.New.Source != "oci-dir" {
		t.Errorf("sources = %q and %q", rep.Old.Source, rep.New.Source)
	}

	wantFiles := map[string]struct {
		kind  string
		delta int64
	}{
		"/srv/app/server":     {change.Grown, 2000},
		"/srv/app/new.txt":    {change.Added, int64(len("brand new file"))},
		"/srv/app/old.txt":    {change.Removed, -int64(len("gone soon"))},
		"/srv/app/static.css": {change.Changed, 0},
	}
	for p, w := range wantFiles {
		got, ok := fileByPath(rep, p)
		if !ok || got.Change != w.kind || got.Delta != w.delta {
			t.Errorf("%s = %+v (listed: %v), want %s by %d", p, got, ok, w.kind, w.delta)
		}
	}
	if len(rep.Files) != len(wantFiles) {
		t.Errorf("files = %+v, want only %d (the base is the same layer)",
			rep.Files, len(wantFiles))
	}
	if rep.Files[0].Path != "/srv/app/server" {
		t.Errorf("first file = %s, want the biggest change first", rep.Files[0].Path)
	}

	if len(rep.Dirs) != 1 || rep.Dirs[0].Path != "/srv/app" ||
		rep.Dirs[0].Delta != rep.FinalSizeDelta {
		t.Errorf("dirs = %+v, want /srv/app alone, holding the whole final change %d",
			rep.Dirs, rep.FinalSizeDelta)
	}
}

func TestBaseChanged(t *testing.T) {
	oldBase := difftest.Layer(t, f("etc/os-release", "ID=demo\nVERSION_ID=1\n"))
	newBase := difftest.Layer(t, f("etc/os-release", "ID=demo\nVERSION_ID=12\n"))
	app := difftest.Layer(t, difftest.Sized("srv/app/server", 500, 'a'))

	oldRef := difftest.OCIDir(t, difftest.Image(t, v1.Config{}, oldBase, app))
	newRef := difftest.DockerArchive(t, difftest.Image(t, v1.Config{}, newBase, app))
	rep := compareRefs(t, oldRef, newRef, Options{})

	if rep.SharedBase != 0 {
		t.Errorf("shared base = %d, want 0: the bottom layer differs", rep.SharedBase)
	}
	shared := 0
	for _, l := range rep.Layers {
		if l.Change == change.Shared {
			shared++
			if *l.Old != 1 || *l.New != 1 {
				t.Errorf("shared layer at %d → %d, want 1 → 1", *l.Old, *l.New)
			}
		}
	}
	if shared != 1 || len(rep.Layers) != 3 {
		t.Errorf("layers = %+v, want the app layer shared, the bases added and removed",
			rep.Layers)
	}
	got, ok := fileByPath(rep, "/etc/os-release")
	if !ok || got.Change != change.Grown || got.Delta != 1 {
		t.Errorf("/etc/os-release = %+v, want grown by 1", got)
	}
	if _, ok := fileByPath(rep, "/srv/app/server"); ok {
		t.Error("/srv/app/server is listed, but the same layer wrote it in both")
	}
}

func TestComparePlatformChange(t *testing.T) {
	ix := walk(t, difftest.Layer(t, f("bin/app", "x")))
	before := &side{about: change.Image{Platform: "linux/amd64"}, index: ix}
	after := &side{about: change.Image{Platform: "linux/arm64"}, index: ix}
	rep := compare(before, after, Options{}.withDefaults())
	if len(rep.Config) == 0 || rep.Config[0].Field != "platform" ||
		rep.Config[0].Old != "linux/amd64" || rep.Config[0].New != "linux/arm64" {
		t.Errorf("config changes = %+v, want the platform first", rep.Config)
	}
}
