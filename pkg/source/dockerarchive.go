package source

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// openDockerArchive opens the docker save tarball at p. sel is empty,
// a tag, or "@N" for the Nth image listed in manifest.json.
func openDockerArchive(p, sel string, opts Options) (*Image, error) {
	img, digest, err := readDockerArchive(p, sel, opts.Platform)
	if err != nil {
		return nil, err
	}
	return describeDigest(img, DockerArchive, digest, nil)
}

// readDockerArchive picks one image from the tarball at p and returns it
// with the digest of its manifest when the tarball stores one (Docker 25
// and later do; the legacy format does not, and the digest is zero).
func readDockerArchive(p, sel, want string) (v1.Image, v1.Hash, error) {
	t, err := indexTar(p)
	if errors.Is(err, errNotTar) {
		return nil, v1.Hash{}, &notImageError{path: p, reason: "not a tar archive"}
	}
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	defer t.Close()

	m, err := readSaveManifest(t)
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	i, err := pickDescriptor(m, sel, p)
	if err != nil {
		return nil, v1.Hash{}, err
	}

	img, err := tarballImage(p, m[i])
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	have, err := imagePlatform(img)
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	if err := checkPlatform(want, have, p); err != nil {
		return nil, v1.Hash{}, err
	}

	cfg, err := img.ConfigName()
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	return img, storedManifestDigest(t, cfg), nil
}

func readSaveManifest(t *tarIndex) (tarball.Manifest, error) {
	raw, err := t.readAll("manifest.json")
	if err != nil {
		return nil, err
	}

	var m tarball.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parsing manifest.json: %w", err)
	}
	if len(m) == 0 {
		return nil, errors.New("manifest.json lists no image")
	}
	return m, nil
}

// pickDescriptor returns the position in m of the image sel names.
func pickDescriptor(m tarball.Manifest, sel, where string) (int, error) {
	if sel == "" {
		if len(m) == 1 {
			return 0, nil
		}
		return 0, fmt.Errorf("docker-archive %q holds %d images; pick one with "+
			":REFERENCE or :@INDEX from: %s", where, len(m), listImages(m))
	}

	if pos, ok := strings.CutPrefix(sel, "@"); ok {
		i, err := strconv.Atoi(pos)
		if err != nil || i < 0 || i >= len(m) {
			return 0, fmt.Errorf("docker-archive %q has no image %q; it holds %s",
				where, sel, listImages(m))
		}
		return i, nil
	}

	for i, d := range m {
		if hasTag(d, sel) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("docker-archive %q has no image tagged %q; it holds %s",
		where, sel, listImages(m))
}

// hasTag reports whether d is tagged sel, comparing tags in full form so
// that "alpine" finds "index.docker.io/library/alpine:latest".
func hasTag(d tarball.Descriptor, sel string) bool {
	want, err := name.NewTag(sel)
	for _, rt := range d.RepoTags {
		if rt == sel {
			return true
		}

		have, herr := name.NewTag(rt)
		if err == nil && herr == nil && have.Name() == want.Name() {
			return true
		}
	}
	return false
}

// listImages spells the images of m as "@0 a:1, @1 b:2 c:3, @2 (untagged)".
func listImages(m tarball.Manifest) string {
	parts := make([]string, len(m))
	for i, d := range m {
		tags := strings.Join(d.RepoTags, " ")
		if tags == "" {
			tags = "(untagged)"
		}
		parts[i] = fmt.Sprintf("@%d %s", i, tags)
	}
	return strings.Join(parts, ", ")
}

// tarballImage reads image d from the tarball at p with ggcr's tarball
// package. That package picks images by tag only, so it is shown the file
// behind a manifest.json that lists d alone: an untagged image in a tarball
// of several can be read too.
func tarballImage(p string, d tarball.Descriptor) (v1.Image, error) {
	head, err := manifestEntry(tarball.Manifest{d})
	if err != nil {
		return nil, err
	}

	opener := func() (io.ReadCloser, error) { return openBehind(p, head) }
	return tarball.Image(opener, nil)
}

// manifestEntry is one tar member, manifest.json holding m, without the
// end-of-archive marker, ready to be put in front of another tar.
func manifestEntry(m tarball.Manifest) ([]byte, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Name: "manifest.json", Mode: 0o644, Size: int64(len(body))}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	if _, err := tw.Write(body); err != nil {
		return nil, err
	}
	if err := tw.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// behind reads head and then the file, as one seekable stream. Readers of
// a tar take the first member of a name, so head's manifest.json wins.
type behind struct {
	head []byte
	f    *os.File
}

func (b *behind) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	if off < int64(len(b.head)) {
		n = copy(p, b.head[off:])
		if n == len(p) {
			return n, nil
		}
	}

	m, err := b.f.ReadAt(p[n:], off+int64(n)-int64(len(b.head)))
	return n + m, err
}

// behindFile is a seekable reader over head and the file, closing the file.
type behindFile struct {
	*io.SectionReader
	f *os.File
}

func (b behindFile) Close() error { return b.f.Close() }

func openBehind(p string, head []byte) (io.ReadCloser, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}

	size := int64(len(head)) + fi.Size()
	return behindFile{io.NewSectionReader(&behind{head: head, f: f}, 0, size), f}, nil
}

// storedManifestDigest finds, through the OCI index a Docker 25+ save
// also writes, the manifest whose config is cfg. Zero when there is none.
func storedManifestDigest(t *tarIndex, cfg v1.Hash) v1.Hash {
	raw, err := t.readAll(layoutIndex)
	if err != nil {
		return v1.Hash{}
	}
	idx, err := newArchiveIndex(t, raw, types.OCIImageIndex)
	if err != nil {
		return v1.Hash{}
	}

	cands, err := collectImages(idx, 0, map[v1.Hash]bool{})
	if err != nil {
		return v1.Hash{}
	}
	for _, c := range cands {
		img, err := c.image()
		if err != nil {
			continue
		}
		if m, err := img.Manifest(); err == nil && m.Config.Digest == cfg {
			return c.desc.Digest
		}
	}
	return v1.Hash{}
}
