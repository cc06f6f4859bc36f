package layers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// ErrMismatch is matched (errors.Is) by the error Walk returns for a layer
// whose uncompressed content does not hash to the diff ID the image config
// states for it: the blob was damaged or swapped, and a runtime would refuse
// to unpack it.
var ErrMismatch = errors.New("layer content does not match the image config")

// mismatchError says what a layer's content hashed to and what the config
// says it should.
type mismatchError struct {
	got, want v1.Hash
}

func (e *mismatchError) Error() string {
	return fmt.Sprintf("uncompressed content has diff ID %s, but the image config says %s",
		short(e.got), short(e.want))
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

func newDiffHasher(r io.Reader) *diffHasher {
	return &diffHasher{r: r, h: sha256.New()}
}

func (d *diffHasher) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if d.h != nil {
		d.h.Write(p[:n])
	}
	return n, err
}

func (d *diffHasher) sum() v1.Hash {
	return v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(d.h.Sum(nil))}
}

// verify checks layer i's read against the diff ID the config states for
// it. A config that states none, or a diff ID in an algorithm other than
// sha256, is taken on trust.
func verify(i int, read *blobRead, want v1.Hash) error {
	if read == nil || want == (v1.Hash{}) || want.Algorithm != "sha256" {
		return nil
	}
	if read.diffID == want {
		return nil
	}
	return fmt.Errorf("reading layer %d (%s): %w", i, short(read.digest),
		&mismatchError{got: read.diffID, want: want})
}
