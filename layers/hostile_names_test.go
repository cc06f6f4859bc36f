package layers

import (
	"archive/tar"
	"bytes"
	"strings"
	"testing"
)

// paxTar writes one PAX entry per name, which lets names run past the 100
// bytes of a ustar header.
func paxTar(t *testing.T, names ...string) []byte {
	t.Helper()

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		h := &tar.Header{Name: n, Typeflag: tar.TypeReg, Mode: 0o644, ModTime: pinned,
			Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatalf("writing header: %v", err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLongNames(t *testing.T) {
	atLimit := strings.Repeat("a/", maxPathLen/2-1) + "z" // "/" + this is 4096 bytes
	tooLong := strings.Repeat("d/", 200000) + "file"      // 400 KB, 200,000 levels

	t.Run("at PATH_MAX", func(t *testing.T) {
		ix, err := walkBounded(t, imageOf(t, paxTar(t, atLimit)), Options{})
		if err != nil {
			t.Fatalf("Walk: %v", err)
		}
		if ix.Lookup("/"+atLimit) == nil {
			t.Error("the 4096-byte path is missing")
		}
	})

	tests := []struct {
		name string
		blob []byte
		want string
	}{
		{"deep path", gz(t, paxTar(t, tooLong, tooLong+"2")), "path is 400005 bytes long"},
		{"long link target", tarOf(t, symlink("l", strings.Repeat("x", 5000))),
			"link target is 5000 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := walkBounded(t, imageOf(t, tt.blob), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Walk = %v, want an error saying %q", err, tt.want)
			}
			if msg := err.Error(); len(msg) > 300 || strings.Contains(msg, "\n") {
				t.Errorf("error is %d bytes long: %.300q…; want one short line", len(msg), msg)
			}
		})
	}
}

func TestPAXBombs(t *testing.T) {
	// Many extended headers of almost the 1 MiB archive/tar allows, each
	// replacing the last, in front of one small file.
	records := paxRecord("comment", strings.Repeat("c", 1000000))
	x := rawHeader("PaxHeaders/f", 'x', int64(len(records)))
	one := append(x.seal(false), pad([]byte(records))...)
	var many []byte
	for range 100 {
		many = append(many, one...)
	}
	many = append(many, rawHeader("f", '0', 0).seal(false)...)
	many = append(many, make([]byte, 1024)...)

	// An extended header whose size claims more than archive/tar reads.
	huge := rawHeader("PaxHeaders/g", 'x', 1<<40)
	oversized := append(huge.seal(false), make([]byte, 4096)...)

	// A global header, as git archive writes, is defaults, not a file.
	g := paxRecord("comment", "made by git archive")
	global := append(rawHeader("pax_global_header", 'g', int64(len(g))).seal(false),
		pad([]byte(g))...)
	global = append(global, rawHeader("f", '0', 0).seal(false)...)
	global = append(global, make([]byte, 1024)...)

	tests := []struct {
		name    string
		blob    []byte
		wantErr bool
		want    []string
	}{
		{"100 headers of 1 MB", gz(t, many), false, []string{"/f"}},
		{"header claiming 1 TiB", oversized, true, nil},
		{"global header", global, false, []string{"/f"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := walkBounded(t, imageOf(t, tt.blob), Options{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Walk error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := paths(ix); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("paths = %q, want %q", got, tt.want)
			}
		})
	}
}
