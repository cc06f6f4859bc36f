package check

import (
	"archive/tar"
	"bytes"
	"io"
	"path"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// pinned is the modification time of every entry the tests write.
var pinned = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// ent is one tar entry of a test layer.
type ent struct {
	name string
	typ  byte
	body string
	zero int64 // content of this many zero bytes, when body is empty
	mode int64
	link string
	uid  int
}

func file(name, body string) ent     { return ent{name: name, typ: tar.TypeReg, body: body} }
func zeros(name string, n int64) ent { return ent{name: name, typ: tar.TypeReg, zero: n} }
func dir(name string) ent            { return ent{name: name, typ: tar.TypeDir, mode: 0o755} }
func symlink(name, to string) ent    { return ent{name: name, typ: tar.TypeSymlink, link: to} }
func hardlink(name, to string) ent   { return ent{name: name, typ: tar.TypeLink, link: to} }
func withMode(e ent, mode int64) ent { e.mode = mode; return e }
func whiteout(p string) ent          { return file(path.Dir(p)+"/.wh."+path.Base(p), "") }
func opaque(dirPath string) ent      { return file(path.Join(dirPath, ".wh..wh..opq"), "") }
func exe(name, body string) ent      { return withMode(file(name, body), 0o755) }
func owned(e ent, uid int) ent       { e.uid = uid; return e }
func step(by string, es ...ent) lay  { return lay{createdBy: by, entries: es} }

// lay is one test layer: entries to write as a tar, or a tar written by hand.
type lay struct {
	createdBy string
	entries   []ent
	raw       []byte
}

// tarOf writes an uncompressed tar holding es, in order.
func tarOf(t testing.TB, es ...ent) []byte {
	t.Helper()

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range es {
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.link, Mode: mode,
			Uid: e.uid, Gid: e.uid, ModTime: pinned, Format: tar.FormatPAX}
		if e.typ == tar.TypeReg {
			h.Size = int64(len(e.body)) + e.zero
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatalf("writing header %q: %v", e.name, err)
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			t.Fatalf("writing %q: %v", e.name, err)
		}
		if _, err := io.CopyN(tw, zeroReader{}, e.zero); err != nil {
			t.Fatalf("writing %q: %v", e.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// build stacks the layers onto an empty image, each with a history entry,
// and sets the config; edit, if set, may change the config file further.
func build(t testing.TB, cfg v1.Config, ls []lay, edit func(*v1.ConfigFile)) v1.Image {
	t.Helper()

	img := empty.Image
	for i, l := range ls {
		blob := l.raw
		if blob == nil {
			blob = tarOf(t, l.entries...)
		}
		layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(blob)), nil
		})
		if err != nil {
			t.Fatalf("making layer %d: %v", i, err)
		}
		img, err = mutate.Append(img, mutate.Addendum{Layer: layer,
			History: v1.History{CreatedBy: l.createdBy, Created: v1.Time{Time: pinned}}})
		if err != nil {
			t.Fatalf("appending layer %d: %v", i, err)
		}
	}

	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.Config = cfg
	cf.OS, cf.Architecture = "linux", "amd64"
	if edit != nil {
		edit(cf)
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// audit walks img as the audit does and runs the catalogue.
func audit(t testing.TB, img v1.Image, opts Options) (*Input, []result.Finding) {
	t.Helper()

	ix, err := layers.Walk(t.Context(), img, WalkOptions())
	if err != nil {
		t.Fatalf("walking: %v", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	in := &Input{Config: cf, Index: ix}
	return in, Run(in, opts)
}

// auditLayers builds an image of ls with cfg and audits it with defaults.
func auditLayers(t testing.TB, cfg v1.Config, ls ...lay) []result.Finding {
	t.Helper()
	_, fs := audit(t, build(t, cfg, ls, nil), Options{})
	return fs
}

// of returns the findings of one check.
func of(fs []result.Finding, id string) []result.Finding {
	var out []result.Finding
	for _, f := range fs {
		if f.Check == id {
			out = append(out, f)
		}
	}
	return out
}

// byPath returns the finding of check id at path p, or nil.
func byPath(fs []result.Finding, id, p string) *result.Finding {
	for i, f := range fs {
		if f.Check == id && f.Path == p {
			return &fs[i]
		}
	}
	return nil
}

// passwd is a passwd file with root and an app user.
const passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n"
