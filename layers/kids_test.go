package layers

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// kidNode is the entry of a file called name under /d.
func kidNode(name string) *Entry {
	return &Entry{Path: "/d/" + name}
}

func TestKids(t *testing.T) {
	tests := []struct {
		name  string
		count int
	}{
		{"few: a sorted slice", indexAt / 2},
		{"many: indexed by a map", indexAt * 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for i := range tt.count {
				want = append(want, fmt.Sprintf("f%04d", i))
			}
			shuffled := slices.Clone(want)
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) {
				shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
			})

			k := &kids{}
			for _, n := range shuffled {
				k.put(kidNode(n))
			}
			replaced := kidNode(want[1])
			k.put(replaced)
			k.del(want[0])
			k.del("absent")
			want = want[1:]

			for _, settled := range []bool{false, true} {
				if settled {
					k.settle()
				}
				checkKids(t, k, want, replaced, settled)
			}
		})
	}
}

// checkKids checks that k holds exactly the names in want, in order, that
// the replaced node won over the one it replaced, and that a lookup of an
// absent name finds nothing.
func checkKids(t *testing.T, k *kids, want []string, replaced *Entry, settled bool) {
	t.Helper()
	var got []string
	for _, c := range k.sorted() {
		got = append(got, baseName(c.Path))
	}
	if !slices.Equal(got, want) {
		t.Errorf("settled %t: sorted = %d names from %q, want %d from %q",
			settled, len(got), got[0], len(want), want[0])
	}
	if name := baseName(replaced.Path); k.get(name) != replaced {
		t.Errorf("settled %t: get(%q) is not the entry that replaced it", settled, name)
	}
	if k.get("f0000") != nil || k.get("zzz") != nil {
		t.Errorf("settled %t: found a name that is not there", settled)
	}
}
