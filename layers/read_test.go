package layers

import (
	"archive/tar"
	"bytes"
	stdgzip "compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/gzip"
)

// estargz writes hs the way estargz lays a layer out: one gzip member per
// entry, then a member with the table of contents and the tar end, then an
// empty footer member.
func estargz(t *testing.T, hs ...hdr) []byte {
	t.Helper()

	hs = append(hs, file(".prefetch.landmark", "x"), file("stargz.index.json", `{"version":1}`))
	var raw bytes.Buffer
	tw := tar.NewWriter(&raw)
	var cuts []int
	for _, h := range hs {
		th := &tar.Header{Name: h.name, Typeflag: h.typ, Mode: 0o644, Size: int64(len(h.body))}
		if h.typ != tar.TypeReg {
			th.Size = 0
		}
		if err := tw.WriteHeader(th); err != nil {
			t.Fatal(err)
		}
		io.WriteString(tw, h.body)
		tw.Flush()
		cuts = append(cuts, raw.Len())
	}
	tw.Close()

	var out bytes.Buffer
	from := 0
	// The last entry (the table of contents) shares its member with the end.
	cuts[len(cuts)-1] = raw.Len()
	for _, to := range cuts {
		out.Write(gz(t, raw.Bytes()[from:to]))
		from = to
	}

	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	zw.Extra = []byte("0000000000000000STARGZ")
	zw.Close()
	return out.Bytes()
}

// emptyLayer is the empty layer BuildKit writes: the two zero blocks that end
// a tar, gzipped by the standard library into 32 bytes.
func emptyLayer(t *testing.T) []byte {
	t.Helper()

	var buf bytes.Buffer
	zw := stdgzip.NewWriter(&buf)
	zw.Write(make([]byte, 1024))
	zw.Close()

	const known = "4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1"
	if sum := sha256.Sum256(buf.Bytes()); buf.Len() != 32 || hex.EncodeToString(sum[:]) != known {
		t.Fatalf("empty layer is %d bytes with digest %x, want 32 bytes, %s", buf.Len(), sum, known)
	}
	return buf.Bytes()
}

func TestCompression(t *testing.T) {
	plain := tarOf(t, dir("etc"), file("etc/hosts", "127.0.0.1 localhost\n"))
	emptyGzip := emptyLayer(t)

	tests := []struct {
		name string
		blob []byte
	}{
		{"plain tar", plain},
		{"gzip", gz(t, plain)},
		{"zstd", zst(t, plain)},
		{"multistream gzip", append(gz(t, plain[:1024]), gz(t, plain[1024:])...)},
		{"estargz", estargz(t, dir("etc"), file("etc/hosts", "127.0.0.1 localhost\n"))},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := imageOf(t, emptyGzip, tt.blob, tarOf(t), []byte{})
			ix := mustWalk(t, img, Options{})

			want := []string{"/etc", "/etc/hosts"}
			if got := paths(ix); !slices.Equal(got, want) {
				t.Errorf("final = %q, want %q", got, want)
			}
			if e := ix.Lookup("/etc/hosts"); e == nil || e.Size != 20 || e.Stored != 20 {
				t.Errorf("/etc/hosts = %+v, want size and stored 20", e)
			}
			if got := ix.Layers[1].Size; got != int64(len(tt.blob)) {
				t.Errorf("layer size = %d, want %d", got, len(tt.blob))
			}
		})
	}
}

func TestBlobDrainedToEnd(t *testing.T) {
	padded := append(tarOf(t, file("f", "data")), make([]byte, 8192)...)
	blobs := map[string][]byte{
		"plain with trailing records": padded,
		"gzip with trailing records":  gz(t, padded),
		"zstd":                        zst(t, padded),
	}

	for name, blob := range blobs {
		t.Run(name, func(t *testing.T) {
			var eof bool
			l := &fakeLayer{name: name, blob: blob, mt: types.OCILayer, eof: &eof}
			mustWalk(t, withLayers(t, l), Options{})
			if !eof {
				t.Error("blob not read to its end")
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	good := tarOf(t, file("f", strings.Repeat("data", 300)))
	corrupt := gz(t, good)
	corrupt[len(corrupt)/2] ^= 0xff

	tests := []struct {
		name    string
		blob    []byte
		wantErr error
	}{
		{"truncated tar", good[:700], io.ErrUnexpectedEOF},
		{"truncated gzip", gz(t, good)[:40], io.ErrUnexpectedEOF},
		{"corrupt gzip", corrupt, nil},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := &fakeLayer{name: tt.name, blob: tt.blob, mt: types.DockerLayer}
			ok := &fakeLayer{name: "ok", blob: good, mt: types.DockerLayer}
			_, err := Walk(t.Context(), withLayers(t, ok, bad), Options{})
			if err == nil {
				t.Fatal("Walk succeeded on a broken layer")
			}

			d, _ := bad.Digest()
			prefix := "reading layer 1 (sha256:" + d.Hex[:12] + "…): "
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not start with %q", err, prefix)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %v", err, tt.wantErr)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"dot slash", "./etc/passwd", "/etc/passwd"},
		{"absolute", "/etc/passwd", "/etc/passwd"},
		{"directory slash", "etc/", "/etc"},
		{"double slash", "etc//x/./y", "/etc/x/y"},
		{"climbing", "../../etc/shadow", "/etc/shadow"},
		{"climbing inside", "a/../../b", "/b"},
		{"root", "./", "/"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanName(tt.in); got != tt.want {
				t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNamesInLayers(t *testing.T) {
	img := imageOf(t, tarOf(t,
		dir("./"), file("./a", "a"), file("/b", "b"), file("../../c", "c"), file("d/../../e", "e"),
		file(".wh.", ""), file("x/.wh..wh.plnk", ""),
	))
	ix := mustWalk(t, img, Options{})

	want := []string{"/a", "/b", "/c", "/e"}
	if got := paths(ix); !slices.Equal(got, want) {
		t.Errorf("final = %q, want %q", got, want)
	}
	if n := len(ix.Layers[0].Removed); n != 0 {
		t.Errorf("removed = %v, want none", ix.Layers[0].Removed)
	}
}
