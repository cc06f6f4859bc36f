package layers

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// pinned is the modification time of every test entry.
var pinned = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// hdr describes one tar entry written by tarOf.
type hdr struct {
	name string
	typ  byte
	body string
	link string
	mode int64
	uid  int
	gid  int
	pax  map[string]string
}

func file(name, body string) hdr { return hdr{name: name, typ: tar.TypeReg, body: body} }
func dir(name string) hdr        { return hdr{name: name, typ: tar.TypeDir, mode: 0o755} }
func symlink(name, to string) hdr {
	return hdr{name: name, typ: tar.TypeSymlink, link: to}
}
func hardlink(name, to string) hdr { return hdr{name: name, typ: tar.TypeLink, link: to} }

// tarOf writes an uncompressed tar holding hs, in order.
func tarOf(t testing.TB, hs ...hdr) []byte {
	t.Helper()

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range hs {
		mode := h.mode
		if mode == 0 {
			mode = 0o644
		}
		th := &tar.Header{
			Name:       h.name,
			Typeflag:   h.typ,
			Linkname:   h.link,
			Mode:       mode,
			Uid:        h.uid,
			Gid:        h.gid,
			ModTime:    pinned,
			PAXRecords: h.pax,
		}
		if h.typ == tar.TypeReg {
			th.Size = int64(len(h.body))
		}
		if h.pax != nil {
			th.Format = tar.FormatPAX
		}
		if err := tw.WriteHeader(th); err != nil {
			t.Fatalf("writing header %q: %v", h.name, err)
		}
		if _, err := io.WriteString(tw, h.body); err != nil {
			t.Fatalf("writing %q: %v", h.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gz compresses b as one gzip member.
func gz(t testing.TB, b []byte) []byte {
	t.Helper()

	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zst compresses b as zstd.
func zst(t testing.TB, b []byte) []byte {
	t.Helper()

	zw, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(b, nil)
}

// imageOf stacks blobs as layers onto an empty image, base-most first. Each
// blob is served as is; the media type says nothing true about it.
func imageOf(t testing.TB, blobs ...[]byte) v1.Image {
	t.Helper()

	ls := make([]v1.Layer, len(blobs))
	for i, b := range blobs {
		ls[i] = withDiffID(static.NewLayer(b, types.DockerLayer), b)
	}
	return withLayers(t, ls...)
}

// withLayers stacks layers onto an empty image.
func withLayers(t testing.TB, ls ...v1.Layer) v1.Image {
	t.Helper()

	img, err := mutate.AppendLayers(empty.Image, ls...)
	if err != nil {
		t.Fatalf("appending layers: %v", err)
	}
	return img
}

// mustWalk walks img with opts and fails the test on error.
func mustWalk(t testing.TB, img v1.Image, opts Options) *Index {
	t.Helper()

	ix, err := Walk(t.Context(), img, opts)
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return ix
}

// paths lists the final filesystem's paths in All's order.
func paths(ix *Index) []string {
	var out []string
	for e := range ix.All() {
		out = append(out, e.Path)
	}
	return out
}

// fakeLayer is a layer whose blob, media type and open error a test sets.
// Its digest comes from its name, so nothing reads the blob but Walk; its
// diff ID is the blob's true one, or from its name when there is no blob
// that decompresses.
type fakeLayer struct {
	name    string
	blob    []byte
	mt      types.MediaType
	openErr error
	// eof is set once the blob was read to its end.
	eof *bool
}

func (f *fakeLayer) hash(salt string) v1.Hash {
	sum := sha256.Sum256([]byte(salt + f.name))
	return v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(sum[:])}
}

func (f *fakeLayer) Digest() (v1.Hash, error) { return f.hash("blob:"), nil }
func (f *fakeLayer) DiffID() (v1.Hash, error) {
	if h, ok := realDiffID(f.blob); ok {
		return h, nil
	}
	return f.hash("diff:"), nil
}
func (f *fakeLayer) Size() (int64, error)                { return int64(len(f.blob)), nil }
func (f *fakeLayer) MediaType() (types.MediaType, error) { return f.mt, nil }

func (f *fakeLayer) Compressed() (io.ReadCloser, error) {
	if f.openErr != nil {
		return nil, f.openErr
	}
	return io.NopCloser(&eofReader{r: bytes.NewReader(f.blob), eof: f.eof}), nil
}

func (f *fakeLayer) Uncompressed() (io.ReadCloser, error) {
	return nil, errors.New("fakeLayer: not used by Walk")
}

// eofReader records that its reader reached the end.
type eofReader struct {
	r   io.Reader
	eof *bool
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, io.EOF) && e.eof != nil {
		*e.eof = true
	}
	return n, err
}
