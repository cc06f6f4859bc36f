package check

import (
	"fmt"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

const mib = 1 << 20

func TestWastedSpaceCountsEachHiddenCopyOnce(t *testing.T) {
	img := build(t, v1.Config{User: "0"}, wastefulLayers(), nil)
	in, fs := audit(t, img, Options{})

	f := of(fs, "wasted-space")
	if len(f) != 1 {
		t.Fatalf("wasted-space findings = %v, want one", f)
	}
	if want := int64(40*mib + 8*mib); f[0].Bytes != want || in.Index.WastedBytes() != want {
		t.Errorf("wasted = %d (index %d), want %d: 40 MiB deleted plus 8 MiB written twice",
			f[0].Bytes, in.Index.WastedBytes(), want)
	}
	for _, words := range []string{
		"/data/big.bin 40 MiB (written by layer 0, deleted by layer 1)",
		"/data/twice.bin 8.0 MiB (written by layer 2, overwritten by layer 3)",
	} {
		if !strings.Contains(f[0].Message, words) {
			t.Errorf("message %q lacks %q", f[0].Message, words)
		}
	}
	if f[0].Path != "/data/big.bin" || f[0].Layer == nil || *f[0].Layer != 0 {
		t.Errorf("finding at %q layer %v, want the biggest, /data/big.bin of layer 0",
			f[0].Path, f[0].Layer)
	}
}

// wastefulLayers delete a 40 MiB file and write an 8 MiB file twice.
func wastefulLayers() []lay {
	return []lay{
		step("COPY big.bin /data/", zeros("data/big.bin", 40*mib)),
		step("RUN rm /data/big.bin", whiteout("data/big.bin")),
		step("COPY twice.bin /data/", zeros("data/twice.bin", 8*mib)),
		step("RUN chmod 600 /data/twice.bin", withMode(zeros("data/twice.bin", 8*mib), 0o600)),
	}
}

func TestWastedSpaceThresholds(t *testing.T) {
	// 100 KiB in the image, of which a tenth and a bit is hidden.
	small := []lay{
		step("COPY . /srv", zeros("srv/keep", 89*1024), zeros("srv/tmp/a", 11*1024)),
		step("RUN rm -rf /srv/tmp", whiteout("srv/tmp")),
	}
	tests := []struct {
		name string
		ls   []lay
		opts Options
		want bool
	}{
		{"share over the default", small, Options{}, true},
		{"share under a raised threshold", small, Options{WastedPercent: 50}, false},
		{"share and bytes switched off", small, Options{WastedPercent: -1, WastedBytes: -1}, false},
		{"bytes over a lowered threshold", small, Options{WastedPercent: -1, WastedBytes: 1024}, true},
		{"nothing hidden", small[:1], Options{WastedBytes: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := audit(t, build(t, v1.Config{User: "0"}, tt.ls, nil), tt.opts)
			got := of(fs, "wasted-space")
			if (len(got) == 1) != tt.want {
				t.Fatalf("wasted-space = %v, want fired %v", got, tt.want)
			}
			const words = "/srv/tmp 11 KiB (written by layer 0, deleted by layer 1)"
			if tt.want && !strings.Contains(got[0].Message, words) {
				t.Errorf("message %q does not name the removed folder", got[0].Message)
			}
		})
	}
}

func TestDocsBloat(t *testing.T) {
	docs := step("RUN apt-get install",
		zeros("usr/share/doc/pkg/changelog.gz", 6*mib),
		zeros("usr/share/man/man1/x.1.gz", 3*mib),
		zeros("usr/share/locale/de/LC_MESSAGES/x.mo", 2*mib),
		zeros("usr/bin/tool", 1*mib))
	tests := []struct {
		name string
		opts Options
		want bool
	}{
		{"over the default", Options{}, true},
		{"under a raised threshold", Options{DocsBytes: 12 * mib}, false},
		{"switched off", Options{DocsBytes: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := audit(t, build(t, v1.Config{User: "0"}, []lay{docs}, nil), tt.opts)
			got := of(fs, "docs-bloat")
			if (len(got) == 1) != tt.want {
				t.Fatalf("docs-bloat = %v, want fired %v", got, tt.want)
			}
			if !tt.want {
				return
			}
			if got[0].Bytes != 11*mib || got[0].Path != "/usr/share/doc" || got[0].Severity != result.Info {
				t.Errorf("finding %+v, want 11 MiB, info, at /usr/share/doc", got[0])
			}
			if !strings.Contains(got[0].Message, "/usr/share/man 3.0 MiB") {
				t.Errorf("message %q does not break the bytes down", got[0].Message)
			}
		})
	}
}

func TestSizeBudget(t *testing.T) {
	ls := wastefulLayers() // 56 MiB in all; layer 0 holds 40 MiB; 48 MiB hidden
	tests := []struct {
		name   string
		b      Budgets
		want   []string
		layers []int
	}{
		{"no budget", Budgets{}, nil, nil},
		{"all within",
			Budgets{Image: 100 * mib, Layer: 50 * mib, Wasted: 50 * mib, WastedPercent: 90}, nil, nil},
		{"image", Budgets{Image: 50 * mib}, []string{"the image's uncompressed size is 56 MiB"}, nil},
		{"layer", Budgets{Layer: 5 * mib},
			[]string{"layer 0 is 40 MiB", "layer 2 is 8.0 MiB", "layer 3 is 8.0 MiB"}, []int{0, 2, 3}},
		{"wasted bytes", Budgets{Wasted: 10 * mib}, []string{"later layers hide is 48 MiB"}, nil},
		{"wasted share", Budgets{WastedPercent: 50}, []string{"85.7% of the image"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, fs := audit(t, build(t, v1.Config{User: "0"}, ls, nil), Options{Budgets: tt.b})
			got := of(fs, "size-budget")
			if len(got) != len(tt.want) {
				t.Fatalf("size-budget = %v, want %d findings", got, len(tt.want))
			}
			for i, words := range tt.want {
				if got[i].Severity != result.High || !strings.Contains(got[i].Message, words) {
					t.Errorf("finding %q, want high and %q", got[i].Message, words)
				}
			}
			for i, l := range tt.layers {
				if got[i].Layer == nil || *got[i].Layer != l ||
					got[i].CreatedBy != in.Index.Layers[l].CreatedBy {
					t.Errorf("finding %d names layer %v (%q), want %d", i, got[i].Layer, got[i].CreatedBy, l)
				}
			}
		})
	}
}

// TestSparseLastlog has useradd write a sparse /var/log/lastlog in two
// layers: the findings give the bytes stored next to the apparent size.
func TestSparseLastlog(t *testing.T) {
	frags := map[int64]string{0: strings.Repeat("A", 512), 512 << 10: strings.Repeat("B", 1000)}
	sparse := gnuSparse("var/log/lastlog", 1*mib, frags, []int64{0, 512 << 10, 1 * mib})
	ls := []lay{
		{createdBy: "RUN useradd -u 100000 app", raw: sparse},
		{createdBy: "RUN useradd -u 100001 svc", raw: sparse},
	}
	opts := Options{WastedBytes: 1, Budgets: Budgets{Layer: 1}}
	_, fs := audit(t, build(t, v1.Config{User: "0"}, ls, nil), opts)

	const want = "/var/log/lastlog 1.5 KiB stored, 1.0 MiB apparent"
	for _, f := range of(fs, "wasted-space") {
		if !strings.Contains(f.Message, want) || f.Bytes != 1512 {
			t.Errorf("wasted-space %q (%d bytes) lacks %q", f.Message, f.Bytes, want)
		}
	}
	budget := of(fs, "size-budget")
	const biggest = "/var/log/lastlog, 1.5 KiB stored, 1.0 MiB apparent"
	if len(budget) != 2 || !strings.Contains(budget[1].Message, biggest) {
		t.Errorf("size-budget %v does not give stored and apparent sizes", budget)
	}
	if len(of(fs, "wasted-space")) != 1 {
		t.Errorf("no wasted-space finding in %v", fs)
	}
}

// gnuSparse writes an old GNU sparse archive of one file of realSize bytes
// whose data fragments sit at the given offsets; the last offset, with no
// fragment, closes the map as GNU tar does.
func gnuSparse(name string, realSize int64, frags map[int64]string, offsets []int64) []byte {
	var hdr [512]byte
	str := func(off int, s string) { copy(hdr[off:], s) }
	num := func(off, width int, n int64) { str(off, fmt.Sprintf("%0*o\x00", width-1, n)) }

	var data []byte
	str(0, name)
	num(100, 8, 0o644)
	num(108, 8, 0)
	num(116, 8, 0)
	num(136, 12, pinned.Unix())
	hdr[156] = 'S'
	for i, off := range offsets {
		num(386+24*i, 12, off)
		num(386+24*i+12, 12, int64(len(frags[off])))
		data = append(data, frags[off]...)
	}
	num(124, 12, int64(len(data)))
	num(483, 12, realSize)
	str(257, "ustar  \x00")

	str(148, "        ")
	var sum int64
	for _, c := range hdr {
		sum += int64(c)
	}
	str(148, fmt.Sprintf("%06o\x00 ", sum))

	if r := len(data) % 512; r != 0 {
		data = append(data, make([]byte, 512-r)...)
	}
	out := append(hdr[:], data...)
	return append(out, make([]byte, 1024)...)
}
