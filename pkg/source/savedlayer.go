package source

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/imgaudit/imgaudit/layers"
)

// sha256Hex is how long a sha256 digest is in hex.
const sha256Hex = 64

// savedLayer is one layer of a docker save tarball, served as stored.
type savedLayer struct {
	tar    *tarIndex
	path   string
	diffID v1.Hash
	// known is what manifest.json's layer sources say of the blob, nil when
	// they say nothing. A foreign layer is always described there.
	known *v1.Descriptor

	format func() (types.MediaType, error)
	digest func() (v1.Hash, error)
}

func newSavedLayer(t *tarIndex, p string, diffID v1.Hash, src v1.Descriptor) *savedLayer {
	l := &savedLayer{tar: t, path: p, diffID: diffID}
	if src.Digest != (v1.Hash{}) {
		l.known = &src
	}
	l.format = sync.OnceValues(l.sniff)
	l.digest = sync.OnceValues(l.findDigest)
	return l
}

// layer returns l as a v1.Layer. A layer whose digest is known without
// reading its blob also tells its descriptor: a foreign layer's keeps its
// URLs, and the walker checks the blob against the digest.
func (l *savedLayer) layer() v1.Layer {
	if l.known != nil || l.addressed() != (v1.Hash{}) {
		return describedSaved{l}
	}
	if mt, err := l.format(); err == nil && mt == types.DockerUncompressedLayer {
		return describedSaved{l}
	}
	return l
}

// addressed is the digest a content-addressed member name
// ("blobs/sha256/HEX") gives, or zero.
func (l *savedLayer) addressed() v1.Hash {
	dir, hex := path.Split(cleanName(l.path))
	if dir != "blobs/sha256/" || len(hex) != sha256Hex {
		return v1.Hash{}
	}
	h, err := v1.NewHash("sha256:" + hex)
	if err != nil {
		return v1.Hash{}
	}
	return h
}

// NamedDigest is the digest the member's name suggests: go-containerregistry,
// kaniko and Jib store each gzip layer of a docker save tarball as
// "HEX.tar.gz", HEX its digest. Nothing in the tarball states that, so the
// walker takes it as a suggestion to check (see layers.DigestNamed).
func (l *savedLayer) NamedDigest() v1.Hash {
	name := cleanName(l.path)
	hex, _, _ := strings.Cut(name, ".")
	if len(hex) != sha256Hex || strings.Contains(name, "/") {
		return v1.Hash{}
	}
	h, err := v1.NewHash("sha256:" + hex)
	if err != nil {
		return v1.Hash{}
	}
	return h
}

// sniff names the blob's compression, read from its first bytes, as a
// Docker media type.
func (l *savedLayer) sniff() (types.MediaType, error) {
	sr, err := l.tar.open(l.path)
	if err != nil {
		return "", err
	}

	head := make([]byte, 4)
	n, err := io.ReadFull(sr, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("reading %q in archive: %w", l.path, err)
	}
	head = head[:n]

	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return types.DockerLayer, nil
	case bytes.Equal(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return types.OCILayerZStd, nil
	}
	return types.DockerUncompressedLayer, nil
}

// findDigest learns the digest of the blob as stored without reading it
// where it can: from the layer sources, from a content-addressed name
// ("blobs/sha256/HEX"), or, for an uncompressed blob, from the diff ID.
func (l *savedLayer) findDigest() (v1.Hash, error) {
	if l.known != nil {
		return l.known.Digest, nil
	}

	if h := l.addressed(); h != (v1.Hash{}) {
		return h, nil
	}

	mt, err := l.format()
	if err != nil {
		return v1.Hash{}, err
	}
	if mt == types.DockerUncompressedLayer {
		return l.diffID, nil
	}

	sr, err := l.tar.open(l.path)
	if err != nil {
		return v1.Hash{}, err
	}
	h, _, err := v1.SHA256(sr)
	return h, err
}

func (l *savedLayer) Digest() (v1.Hash, error) { return l.digest() }

func (l *savedLayer) DiffID() (v1.Hash, error) { return l.diffID, nil }

func (l *savedLayer) Size() (int64, error) {
	if l.known != nil {
		return l.known.Size, nil
	}
	sr, err := l.tar.open(l.path)
	if err != nil {
		return 0, err
	}
	return sr.Size(), nil
}

func (l *savedLayer) MediaType() (types.MediaType, error) {
	if l.known != nil && l.known.MediaType != "" {
		return l.known.MediaType, nil
	}
	return l.format()
}

// Compressed returns the blob exactly as the tarball stores it, which may
// be uncompressed; a blob missing from the tarball yields an error
// matching fs.ErrNotExist.
func (l *savedLayer) Compressed() (io.ReadCloser, error) {
	sr, err := l.tar.open(l.path)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(sr), nil
}

// Uncompressed returns the layer's tar, decompressing the blob by its
// magic bytes.
func (l *savedLayer) Uncompressed() (io.ReadCloser, error) {
	sr, err := l.tar.open(l.path)
	if err != nil {
		return nil, err
	}
	return layers.Decompress(sr)
}

// descriptor describes the blob as stored.
func (l *savedLayer) descriptor() (*v1.Descriptor, error) {
	if l.known != nil {
		d := *l.known
		return &d, nil
	}

	d := &v1.Descriptor{}
	var err error
	if d.MediaType, err = l.MediaType(); err != nil {
		return nil, err
	}
	if d.Size, err = l.Size(); err != nil {
		return nil, err
	}
	if d.Digest, err = l.Digest(); err != nil {
		return nil, err
	}
	return d, nil
}

// describedSaved is a layer of a docker save tarball whose descriptor is
// known without reading its blob. A foreign layer's carries the URLs its
// blob lives at.
type describedSaved struct {
	*savedLayer
}

func (d describedSaved) Descriptor() (*v1.Descriptor, error) { return d.descriptor() }
