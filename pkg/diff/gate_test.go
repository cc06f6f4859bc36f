package diff

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		want    []Limit
		wantErr bool
	}{
		{name: "decimal size", values: []string{"20MB"}, want: []Limit{{Bytes: 20_000_000}}},
		{name: "binary size", values: []string{"1 MiB"}, want: []Limit{{Bytes: 1 << 20}}},
		{name: "percentage", values: []string{"5%"}, want: []Limit{{Percent: 5, Relative: true}}},
		{name: "comma-separated", values: []string{"20MB, 2.5%"},
			want: []Limit{{Bytes: 20_000_000}, {Percent: 2.5, Relative: true}}},
		{name: "repeated", values: []string{"1kB", "0%"},
			want: []Limit{{Bytes: 1000}, {Relative: true}}},
		{name: "not a size", values: []string{"big"}, wantErr: true},
		{name: "negative percentage", values: []string{"-5%"}, wantErr: true},
		{name: "empty item", values: []string{"20MB,"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLimits(tt.values)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseLimits(%q) = %v, want an error", tt.values, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.Bytes != w.Bytes || g.Percent != w.Percent || g.Relative != w.Relative {
					t.Errorf("limit %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestGate(t *testing.T) {
	limits := func(s ...string) []Limit {
		ls, err := ParseLimits(s)
		if err != nil {
			t.Fatal(err)
		}
		return ls
	}
	tests := []struct {
		name       string
		old, delta int64
		limits     []Limit
		exceeded   int
	}{
		{"at the byte limit", 1000, 100, limits("100B"), 0},
		{"a byte past it", 1000, 101, limits("100B"), 1},
		{"at the percentage", 1000, 50, limits("5%"), 0},
		{"past the percentage", 1000, 51, limits("5%"), 1},
		{"both, only bytes exceeded", 1000, 40, limits("30B", "5%"), 1},
		{"both, only percentage exceeded", 1000, 60, limits("1kB,5%"), 1},
		{"both exceeded", 1000, 2000, limits("1kB,5%"), 2},
		{"shrinking passes a zero limit", 1000, -500, limits("0B,0%"), 0},
		{"unchanged passes", 1000, 0, limits("0B,0%"), 0},
		{"growth from an empty image", 0, 1, limits("50%"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &change.Report{Old: change.Image{Size: tt.old}, SizeDelta: tt.delta}
			g := gate(rep, tt.limits)
			if len(g.Exceeded) != tt.exceeded || g.Failed() != (tt.exceeded > 0) {
				t.Errorf("exceeded = %q, want %d limits", g.Exceeded, tt.exceeded)
			}
			if len(g.Limits) != len(tt.limits) {
				t.Errorf("limits = %q, want all %d listed", g.Limits, len(tt.limits))
			}
		})
	}

	if g := gate(&change.Report{SizeDelta: 1 << 30}, nil); g != nil || g.Failed() {
		t.Errorf("without limits the gate = %+v, want nil", g)
	}
}

// TestGateOnImages grows an image by one 100,000-byte file and checks the
// limits against real sources, in both directions.
func TestGateOnImages(t *testing.T) {
	base := difftest.Layer(t, difftest.Sized("bin/tool", 100_000, 't'))
	extra := difftest.Layer(t, difftest.Sized("srv/data.bin", 100_000, 'd'))
	small := difftest.DockerArchive(t, difftest.Image(t, v1.Config{}, base))
	big := difftest.OCIDir(t, difftest.Image(t, v1.Config{}, base, extra))

	tests := []struct {
		name     string
		old, new string
		limits   []string
		fail     bool
	}{
		{"growth beyond a size", small, big, []string{"50KB"}, true},
		{"growth within a size", small, big, []string{"1MB"}, false},
		{"growth beyond a percentage", small, big, []string{"10%"}, true},
		{"growth within a percentage", small, big, []string{"150%"}, false},
		{"size within, percentage beyond", small, big, []string{"1MB,10%"}, true},
		{"size beyond, percentage within", small, big, []string{"50KB", "150%"}, true},
		{"shrinking passes", big, small, []string{"0B", "0%"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls, err := ParseLimits(tt.limits)
			if err != nil {
				t.Fatal(err)
			}
			rep := compareRefs(t, tt.old, tt.new, Options{MaxGrowth: ls})
			if rep.Gate.Failed() != tt.fail {
				t.Errorf("gate failed = %v, want %v (size delta %d): %q",
					rep.Gate.Failed(), tt.fail, rep.SizeDelta, rep.Gate.Exceeded)
			}
			for _, msg := range rep.Gate.Exceeded {
				if !strings.Contains(msg, "grew by") {
					t.Errorf("message %q does not say how much the image grew", msg)
				}
			}
		})
	}
}
