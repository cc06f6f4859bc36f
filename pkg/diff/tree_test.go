package diff

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

func TestDirs(t *testing.T) {
	base := difftest.Layer(t,
		difftest.Sized("usr/lib/py/site/a.py", 100, 'a'),
		difftest.Sized("usr/lib/py/site/b.py", 100, 'b'),
		difftest.Sized("srv/app/main", 100, 'm'),
		difftest.Sized("etc/hosts", 10, 'h'))
	grown := difftest.Layer(t,
		difftest.Sized("usr/lib/py/site/c.py", 5000, 'c'),
		difftest.Sized("usr/lib/py/site/d.py", 3000, 'd'),
		difftest.Sized("usr/share/doc/x", 700, 'x'),
		difftest.Sized("srv/app/main", 2000, 'M'))
	before, after := walk(t, base), walk(t, base, grown)

	tests := []struct {
		name string
		top  int
		want []string // "depth path"
	}{
		{"everything", 10, []string{
			"0 /", "1 /usr", "2 /usr/lib/py/site", "2 /usr/share/doc", "1 /srv/app"}},
		{"top three", 3, []string{"0 /", "1 /usr", "2 /usr/lib/py/site"}},
		{"top one", 1, []string{"0 /"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := dirs(before, after, tt.top)
			var got []string
			for _, d := range ds {
				got = append(got, fmt.Sprintf("%d %s", d.Depth, d.Path))
				if d.Delta != d.New-d.Old || d.Delta <= 0 {
					t.Errorf("%s: old %d, new %d, delta %d", d.Path, d.Old, d.New, d.Delta)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("dirs = %q, want %q", got, tt.want)
			}
		})
	}

	// The root holds the whole change; each directory what lies under it.
	ds := dirs(before, after, 10)
	if ds[0].Delta != after.FinalBytes()-before.FinalBytes() {
		t.Errorf("root delta = %d, want the final size change %d",
			ds[0].Delta, after.FinalBytes()-before.FinalBytes())
	}
	for _, d := range ds[1:] {
		if d.Delta >= ds[0].Delta || !strings.HasPrefix(d.Path, "/") {
			t.Errorf("%s changed by %d, not less than the root's %d", d.Path, d.Delta, ds[0].Delta)
		}
	}
}

func TestFiles(t *testing.T) {
	base := difftest.Layer(t, f("etc/hosts", "localhost"), f("etc/motd", "hello"))
	oldApp := difftest.Layer(t, f("srv/same", "abcd"), f("srv/rewritten", "1234"),
		f("srv/shrinks", "longer"), f("srv/version", "1"))
	newApp := difftest.Layer(t, f("srv/same", "abcd"), f("srv/rewritten", "5678"),
		f("srv/shrinks", "short"), f("srv/version", "2"))
	before, after := walk(t, base, oldApp), walk(t, base, newApp)

	got := map[string]string{}
	for _, c := range files(before, after) {
		got[c.Path] = c.Change
	}
	want := map[string]string{
		// Another layer wrote them again, with the same size: their bytes may
		// or may not be equal, and only a hash would tell.
		"/srv/same":      "changed",
		"/srv/rewritten": "changed",
		"/srv/version":   "changed",
		"/srv/shrinks":   "shrunk",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("files = %v, want %v (the shared base's files unchanged)", got, want)
	}
}
