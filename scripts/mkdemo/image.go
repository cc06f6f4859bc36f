package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// built is the pinned time of every file and history entry.
var built = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// file is one tar entry of a demo layer.
type file struct {
	path string
	mode int64
	body string
	link string // symlink target, or hard link target when hard is set
	hard bool
	dir  bool
}

func demoImage() (v1.Image, error) {
	steps := []struct {
		createdBy string
		files     []file
	}{
		{"ADD demo-rootfs.tar /", baseFiles()},
		{"/bin/sh -c apt-get update && apt-get install -y gcc", gccFiles()},
		{"/bin/sh -c #(nop) COPY dir:3f1c in /srv/app", appFiles()},
		{"/bin/sh -c rm -rf /srv/app/tmp", []file{{path: "srv/app/.wh.tmp"}}},
	}

	img := empty.Image
	for _, s := range steps {
		layer, err := makeLayer(s.files)
		if err != nil {
			return nil, fmt.Errorf("building layer %q: %w", s.createdBy, err)
		}
		img, err = mutate.Append(img, mutate.Addendum{
			Layer:   layer,
			History: v1.History{CreatedBy: s.createdBy, Created: v1.Time{Time: built}},
		})
		if err != nil {
			return nil, err
		}
	}

	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	cfg.Created = v1.Time{Time: built}
	cfg.Config.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin"}
	cfg.Config.Cmd = []string{"/bin/sh", "-c", "/srv/app/server"}
	cfg.Config.WorkingDir = "/srv/app"
	cfg.Config.ExposedPorts = map[string]struct{}{"8080/tcp": {}}
	return mutate.ConfigFile(img, cfg)
}

func makeLayer(files []file) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		hdr := &tar.Header{Name: f.path, Mode: f.mode, ModTime: built, Format: tar.FormatPAX}
		switch {
		case f.dir:
			hdr.Typeflag, hdr.Mode = tar.TypeDir, 0o755
		case f.hard:
			hdr.Typeflag, hdr.Linkname = tar.TypeLink, f.link
		case f.link != "":
			hdr.Typeflag, hdr.Linkname, hdr.Mode = tar.TypeSymlink, f.link, 0o777
		default:
			hdr.Typeflag, hdr.Size = tar.TypeReg, int64(len(f.body))
			if hdr.Mode == 0 {
				hdr.Mode = 0o644
			}
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := io.WriteString(tw, f.body); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
}

// filler returns n bytes of text that compress like real files do, the same
// on every run.
func filler(seed string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%s %d %x\n", seed, i, uint32(i)*2654435761)
	}
	return b.String()[:n]
}
