package layers

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// ErrMismatch is matched (errors.Is) by the error Walk returns for a layer
// whose blob does not hash to the digest the image states for it, or whose
// uncompressed content does not hash to the diff ID the config states: the
// blob was damaged or swapped, and a runtime would refuse to unpack it.
var ErrMismatch = errors.New("layer does not match the image")

// mismatchError says what a layer's blob or content hashed to and what the
// image claims it should.
type mismatchError struct {
	what      string // what was hashed: "blob has digest"
	got, want v1.Hash
	claim     string // who said otherwise: "the image states"
}

func (e *mismatchError) Error() string {
	return fmt.Sprintf("%s %s, but %s %s", e.what, short(e.got), e.claim, short(e.want))
}

// Is lets errors.Is match ErrMismatch.
func (e *mismatchError) Is(target error) bool {
	return target == ErrMismatch
}

// diffHasher hashes a layer's uncompressed stream as the walk reads it,
// unless h is nil.
type diffHasher struct {
	r io.Reader
	h hash.Hash
}

func (d *diffHasher) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if d.h != nil {
		d.h.Write(p[:n])
	}
	return n, err
}

// newHash returns a hash for the digest algorithm alg, or nil for one Walk
// does not know.
func newHash(alg string) hash.Hash {
	switch alg {
	case "sha256":
		return sha256.New()
	case "sha512":
		return sha512.New()
	}
	return nil
}

// sum is the digest h, made by newHash(alg), has computed.
func sum(alg string, h hash.Hash) v1.Hash {
	return v1.Hash{Algorithm: alg, Hex: hex.EncodeToString(h.Sum(nil))}
}

// contentDiffID reads l's blob a second time and hashes its uncompressed
// content. Walk does so only for a blob whose name looked like a digest but
// was not its digest, so that its content is still checked against the
// config's diff ID.
func contentDiffID(ctx context.Context, l v1.Layer) (v1.Hash, error) {
	rc, err := l.Compressed()
	if err != nil {
		return v1.Hash{}, err
	}
	defer rc.Close()
	plain, err := Decompress(rc)
	if err != nil {
		return v1.Hash{}, err
	}
	defer plain.Close()

	h := sha256.New()
	if err := drain(ctx, io.TeeReader(plain, h), make([]byte, drainSize)); err != nil {
		return v1.Hash{}, err
	}
	return sum("sha256", h), nil
}

// verify checks layer i's read against the diff ID the config states for
// it, where the read hashed its content. A config that states none, or a
// diff ID in an algorithm other than sha256, is taken on trust.
func verify(i int, read *blobRead, want v1.Hash) error {
	if read == nil || read.diffID == (v1.Hash{}) || want == (v1.Hash{}) ||
		want.Algorithm != "sha256" {
		return nil
	}
	if read.diffID == want {
		return nil
	}
	return fmt.Errorf("reading layer %d (%s): %w", i, short(read.digest),
		&mismatchError{what: "uncompressed content has diff ID", got: read.diffID, want: want,
			claim: "the image config says"})
}
