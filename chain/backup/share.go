package backup

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/decred/dcrwallet/pgpwordlist"
	"github.com/makiuchi-d/gozxing/common/reedsolomon"
	"github.com/openbao/openbao/sdk/v2/helper/shamir"
)

// Recovery key shares: the 32-byte Ed25519 seed of a recovery key split
// M-of-N with Shamir's scheme over GF(2^8), each share written for paper as
// a short header and PGP words. See spec/backups.md, "Recovery key
// shares".
//
//	baton recovery share 1
//	package: example.org/hello
//	signatory: 5d8a1f0c2b3e4d5f6a7b8c9d0e1f2a3b
//	key number: 0f1e2d3c4b5a6978
//	split: 8c2f4b1a9e0d7c63
//	share: 2 of 5, any 3 rebuild the key
//	check: word word
//	1: eight key words  two check words
//	2: ...
//	3: ...
//	4: ...
//
// The header's check words catch a typo in the header. Each key line's two
// check words are Reed-Solomon check symbols over the line (bound to the
// split and the share index), so one wrong word is caught and named by its
// line and position, and a line copied from another share does not pass.

const (
	shareHeader   = "baton recovery share 1"
	shareDomain   = "baton-share-1"
	shareSize     = ed25519.SeedSize // 32 bytes per share value
	shareLineKey  = 8                // key words per line
	shareLineEC   = 2                // check words per line
	shareLines    = shareSize / shareLineKey
	shareLineWord = shareLineKey + shareLineEC
	// MaxShares is the largest N of an M-of-N split: share indexes are the
	// nonzero elements of GF(2^8).
	MaxShares = 255
	// MaxShareText bounds the input ParseShare reads.
	MaxShareText = 4 << 10
)

var (
	// ErrTooFewShares: fewer distinct shares than the split's threshold.
	ErrTooFewShares = errors.New("missing threshold")
	// ErrOtherSplit: shares of different splits were given together.
	ErrOtherSplit = errors.New("a share of another split")
	// ErrDuplicateShare: two shares with the same index.
	ErrDuplicateShare = errors.New("the same share index twice")
	// ErrSharesMismatch: the shares combine to a key that is not the
	// recovery key their header names.
	ErrSharesMismatch = errors.New("the shares do not rebuild the recovery key")
)

// SplitID identifies one split of a key: 8 random bytes, the same on every
// share of the split. Shares of different splits never combine.
type SplitID [8]byte

func (s SplitID) String() string { return hex.EncodeToString(s[:]) }

// Share is one share of an M-of-N split of a recovery key.
type Share struct {
	Package   string
	Signatory chain.SignatoryID // SignatoryOf(recovery key): first 16 bytes of its fingerprint
	KeyNum    signify.KeyNum    // the recovery key's key number (public)
	Split     SplitID
	Threshold int // M: how many shares rebuild the key
	Total     int // N: how many shares the split made
	Index     int // 1..N; also the share's x coordinate
	Value     [shareSize]byte
	// Name says where the share was read from (a file name); it is not part
	// of the text, and only names the share in errors.
	Name string
}

// String names the share for people: "share 2 of 5 (name)".
func (s *Share) String() string {
	n := fmt.Sprintf("share %d of %d", s.Index, s.Total)
	if s.Name != "" {
		n += " (" + s.Name + ")"
	}
	return n
}

// SplitKey splits k's seed into total shares of which any threshold
// rebuild it. r supplies the randomness (crypto/rand when nil): the split
// id and the values of shares 1..threshold-1, which fix the polynomial;
// the other shares follow from it.
func SplitKey(k *signify.SecretKey, pkg string, threshold, total int, r io.Reader) ([]*Share, error) {
	if err := chain.CheckPackage(pkg); err != nil {
		return nil, err
	}
	if threshold < 2 || threshold > total || total > MaxShares {
		return nil, fmt.Errorf("a split needs 2 <= M <= N <= %d, got %d of %d", MaxShares, threshold, total)
	}
	if len(k.Key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("not an Ed25519 secret key")
	}
	if r == nil {
		r = rand.Reader
	}
	base := Share{Package: pkg, Signatory: chain.SignatoryOf(k.Public("")), KeyNum: k.KeyNum, Threshold: threshold, Total: total}
	if _, err := io.ReadFull(r, base.Split[:]); err != nil {
		return nil, fmt.Errorf("generating the split id: %w", err)
	}
	// The polynomial of degree M-1 through (0, seed) and M-1 random points.
	xs := []byte{0}
	ys := [][]byte{bytes.Clone(k.Key.Seed())}
	defer func() {
		for _, y := range ys {
			clear(y)
		}
	}()
	for x := 1; x < threshold; x++ {
		y := make([]byte, shareSize)
		if _, err := io.ReadFull(r, y); err != nil {
			return nil, fmt.Errorf("generating shares: %w", err)
		}
		xs, ys = append(xs, byte(x)), append(ys, y)
	}
	shares := make([]*Share, total)
	for i := range shares {
		s := base
		s.Index = i + 1
		if i+1 < threshold {
			copy(s.Value[:], ys[i+1])
		} else {
			y, err := evalAt(xs, ys, byte(i+1))
			if err != nil {
				return nil, err
			}
			copy(s.Value[:], y)
			clear(y)
		}
		shares[i] = &s
	}
	return shares, nil
}

// evalAt returns f(x), where f is the polynomial through (xs[i], ys[i]),
// with shamir.Combine, which interpolates at 0: in GF(2^8) addition is XOR,
// so g(z) = f(z ⊕ x) is a polynomial of the same degree through
// (xs[i] ⊕ x, ys[i]), and g(0) = f(x).
func evalAt(xs []byte, ys [][]byte, x byte) ([]byte, error) {
	parts := make([][]byte, len(xs))
	for i := range xs {
		parts[i] = append(bytes.Clone(ys[i]), xs[i]^x)
	}
	defer func() {
		for _, p := range parts {
			clear(p)
		}
	}()
	return shamir.Combine(parts)
}

// CombineShares rebuilds the recovery key from at least Threshold shares
// of one split, and checks that it is the key the shares name: its
// signatory id (128 bits of its fingerprint) must match. Errors wrap
// ErrOtherSplit, ErrDuplicateShare, ErrTooFewShares or ErrSharesMismatch
// and name the shares at fault.
func CombineShares(shares []*Share) (*signify.SecretKey, error) {
	if len(shares) == 0 {
		return nil, fmt.Errorf("no shares given: %w", ErrTooFewShares)
	}
	// The split most shares belong to is the one being rebuilt.
	count := map[SplitID]int{}
	for _, s := range shares {
		count[s.Split]++
	}
	ref := shares[0]
	for _, s := range shares {
		if count[s.Split] > count[ref.Split] {
			ref = s
		}
	}
	for _, s := range shares {
		if s.Split != ref.Split {
			return nil, fmt.Errorf("%v is %w (split %s; the other shares are of split %s, %s %s): shares of different splits never combine, even of the same key",
				s, ErrOtherSplit, s.Split, ref.Split, ref.Package, ref.Signatory)
		}
		if s.Package != ref.Package || s.Signatory != ref.Signatory || s.KeyNum != ref.KeyNum || s.Threshold != ref.Threshold || s.Total != ref.Total {
			return nil, fmt.Errorf("%v has the split id %s of %v but a different header: %w", s, s.Split, ref, ErrOtherSplit)
		}
	}
	seen := map[int]*Share{}
	var distinct []*Share
	for _, s := range shares {
		if d, ok := seen[s.Index]; ok {
			if d.Value != s.Value {
				return nil, fmt.Errorf("%v and %v: %w with different values: one of them is altered", d, s, ErrDuplicateShare)
			}
			return nil, fmt.Errorf("%v was given twice (also as %v): %w; bring another share of the split instead", s, d, ErrDuplicateShare)
		}
		seen[s.Index] = s
		distinct = append(distinct, s)
	}
	m := ref.Threshold
	if len(distinct) < m {
		var missing []string
		for i := 1; i <= ref.Total; i++ {
			if seen[i] == nil {
				missing = append(missing, strconv.Itoa(i))
			}
		}
		return nil, fmt.Errorf("%d of %d needed shares: %w: bring %d more share(s) of split %s (not given: %s of %d)",
			len(distinct), m, ErrTooFewShares, m-len(distinct), ref.Split, strings.Join(missing, ", "), ref.Total)
	}
	if k := combine(distinct); k != nil {
		return k, nil
	}
	// With more shares than needed, find the one the others disagree with.
	if len(distinct) > m {
		var culprits []*Share
		for i := range distinct {
			rest := slices.Delete(slices.Clone(distinct), i, i+1)
			if combine(rest) != nil {
				culprits = append(culprits, distinct[i])
			}
		}
		if len(culprits) == 1 {
			return nil, fmt.Errorf("%w: %v disagrees with the others (they rebuild the key without it): it holds a wrong word its checks missed, or was altered",
				ErrSharesMismatch, culprits[0])
		}
	}
	return nil, fmt.Errorf("%w of %s (signatory %s): the shares are consistent with their checks, yet one of them holds a wrong value; try another set of %d shares",
		ErrSharesMismatch, ref.Package, ref.Signatory, m)
}

// combine interpolates the seed from shares and returns the key, or nil
// when it does not match the shares' signatory id.
func combine(shares []*Share) *signify.SecretKey {
	parts := make([][]byte, len(shares))
	for i, s := range shares {
		parts[i] = append(bytes.Clone(s.Value[:]), byte(s.Index))
	}
	seed, err := shamir.Combine(parts)
	for _, p := range parts {
		clear(p)
	}
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil
	}
	k := &signify.SecretKey{KeyNum: shares[0].KeyNum, Key: ed25519.NewKeyFromSeed(seed)}
	clear(seed)
	if chain.SignatoryOf(k.Public("")) != shares[0].Signatory {
		clear(k.Key)
		return nil
	}
	return k
}

// headerText is the canonical header, without the check line.
func (s *Share) headerText() string {
	return fmt.Sprintf("%s\npackage: %s\nsignatory: %s\nkey number: %s\nsplit: %s\nshare: %d of %d, any %d rebuild the key\n",
		shareHeader, s.Package, s.Signatory, s.KeyNum, s.Split, s.Index, s.Total, s.Threshold)
}

// headerCheck is the header's two check bytes.
func (s *Share) headerCheck() [2]byte {
	sum := sha256.Sum256([]byte(shareDomain + "\x00" + s.headerText()))
	return [2]byte{sum[0], sum[1]}
}

// lineCodeword returns the Reed-Solomon codeword of key line i (0-based):
// split id, share index and line number (known to the reader, so a line of
// another share fails), the line's 8 bytes, then 2 check symbols.
func (s *Share) lineCodeword(i int, data []byte) []int {
	cw := make([]int, 0, len(s.Split)+2+shareLineWord)
	for _, b := range s.Split {
		cw = append(cw, int(b))
	}
	cw = append(cw, s.Index, i+1)
	for _, b := range data {
		cw = append(cw, int(b))
	}
	return cw
}

const sharePrefix = 8 + 2 // split id, index, line number

func lineCheck(cw []int) ([]int, error) {
	full := append(slices.Clone(cw), make([]int, shareLineEC)...)
	if err := reedsolomon.NewReedSolomonEncoder(reedsolomon.GenericGF_QR_CODE_FIELD_256).Encode(full, shareLineEC); err != nil {
		return nil, err
	}
	return full[len(cw):], nil
}

// Marshal returns the share's text, ending in a newline: what is printed on
// its sheet and what its QR code carries.
func (s *Share) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString(s.headerText())
	hc := s.headerCheck()
	fmt.Fprintf(&b, "check: %s %s\n", pgpwordlist.ByteToMnemonic(hc[0], 0), pgpwordlist.ByteToMnemonic(hc[1], 1))
	for i := range shareLines {
		data := s.Value[i*shareLineKey : (i+1)*shareLineKey]
		ec, err := lineCheck(s.lineCodeword(i, data))
		if err != nil {
			panic(err) // fixed sizes: cannot happen
		}
		fmt.Fprintf(&b, "%d:", i+1)
		for j, v := range data {
			b.WriteString(" " + pgpwordlist.ByteToMnemonic(v, j))
		}
		b.WriteString(" ")
		for j, v := range ec {
			b.WriteString(" " + pgpwordlist.ByteToMnemonic(byte(v), shareLineKey+j))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// shareQRPrefix starts the QR payload form of a share.
const shareQRPrefix = "baton-share-1:"

// qrBlob is the binary body of the QR payload: signatory, key number,
// split id, threshold, total, index, value, and 4 check bytes.
func (s *Share) qrBlob() []byte {
	sig, _ := hex.DecodeString(string(s.Signatory))
	b := make([]byte, 0, 16+8+8+3+shareSize+4)
	b = append(b, sig...)
	b = append(b, s.KeyNum[:]...)
	b = append(b, s.Split[:]...)
	b = append(b, byte(s.Threshold), byte(s.Total), byte(s.Index))
	b = append(b, s.Value[:]...)
	return append(b, shareQRCheck(s.Package, b)...)
}

func shareQRCheck(pkg string, body []byte) []byte {
	sum := sha256.Sum256(append([]byte(shareDomain+"\x00qr\x00"+pkg+"\x00"), body...))
	return sum[:4]
}

// QRPayload returns the compact form of the share a QR code carries:
// "baton-share-1:" package ":" and 142 hex digits. It is about a third of
// the text form, so the code stays coarse enough to scan from a photo.
// ParseShare reads both forms.
func (s *Share) QRPayload() []byte {
	return []byte(shareQRPrefix + s.Package + ":" + hex.EncodeToString(s.qrBlob()))
}

func parseShareQR(name string, data []byte) (*Share, error) {
	fail := func(format string, args ...any) error {
		return &signify.ParseError{File: name, Line: 1, Msg: fmt.Sprintf(format, args...)}
	}
	text := strings.TrimRight(string(data), "\r\n")
	rest := strings.TrimPrefix(text, shareQRPrefix)
	cut := strings.LastIndexByte(rest, ':')
	if cut < 0 {
		return nil, fail("expected %q, the package, \":\" and hex digits", shareQRPrefix)
	}
	s := &Share{Name: name, Package: rest[:cut]}
	if err := chain.CheckPackage(s.Package); err != nil {
		return nil, fail("%v", err)
	}
	want := 16 + 8 + 8 + 3 + shareSize + 4
	b, err := hex.DecodeString(rest[cut+1:])
	if err != nil || len(b) != want || strings.ToLower(rest[cut+1:]) != rest[cut+1:] {
		return nil, fail("expected %d lowercase hex digits after the package", 2*want)
	}
	if !bytes.Equal(shareQRCheck(s.Package, b[:want-4]), b[want-4:]) {
		return nil, fail("the share's check bytes do not match: the code was misread or altered")
	}
	s.Signatory = chain.SignatoryID(hex.EncodeToString(b[:16]))
	copy(s.KeyNum[:], b[16:24])
	copy(s.Split[:], b[24:32])
	s.Threshold, s.Total, s.Index = int(b[32]), int(b[33]), int(b[34])
	copy(s.Value[:], b[35:35+shareSize])
	if s.Threshold < 2 || s.Threshold > s.Total || s.Index < 1 || s.Index > s.Total {
		return nil, fail("share %d of %d, any %d: impossible", s.Index, s.Total, s.Threshold)
	}
	return s, nil
}

// wordValue decodes one PGP word found at position pos (0-based) of a line.
func wordValue(w string, pos int) (byte, error) {
	words := []string{w}
	if pos%2 == 1 {
		words = []string{pgpwordlist.ByteToMnemonic(0, 0), w}
	}
	b, err := pgpwordlist.DecodeMnemonics(words)
	if err == nil && len(b) == len(words) {
		return b[len(b)-1], nil
	}
	other := []string{pgpwordlist.ByteToMnemonic(0, 0), w}
	if pos%2 == 1 {
		other = []string{w}
	}
	if _, err := pgpwordlist.DecodeMnemonics(other); err == nil {
		kind := "three-syllable"
		if pos%2 == 1 {
			kind = "two-syllable"
		}
		return 0, fmt.Errorf("%q is a %s word, which belongs at the other positions: words alternate between the two lists, so a word here is missing, doubled or swapped", w, kind)
	}
	return 0, fmt.Errorf("%q is not a PGP word: check its spelling", w)
}

var shareCountRE = regexp.MustCompile(`^(\d{1,3}) of (\d{1,3}),? any (\d{1,3})( rebuild the key)?$`)

// ParseShare reads a share's text as printed or typed back, or its QR
// payload (see QRPayload) as scanned. name names the input in errors, which are *ParseError values
// whose Line is the input line and whose message names the wrong word by
// key line and position ("key line 2, word 5").
//
// Blank lines, CRLF, extra spaces, a missing final newline and case do not
// matter; words and labels are otherwise exact. Marshal gives the
// canonical text back.
func ParseShare(name string, data []byte) (*Share, error) {
	if len(data) > MaxShareText {
		return nil, &signify.ParseError{File: name, Msg: fmt.Sprintf("%d bytes, more than a share's text can be (%d)", len(data), MaxShareText)}
	}
	if bytes.HasPrefix(data, []byte(shareQRPrefix)) {
		return parseShareQR(name, data)
	}
	r := &shareReader{name: name, data: data}
	lines, err := r.layout()
	if err != nil {
		return nil, err
	}
	s := &Share{Name: name}
	if err := r.header(s, lines); err != nil {
		return nil, err
	}
	if err := r.headerCheck(s, lines); err != nil {
		return nil, err
	}
	for i := range shareLines {
		if err := r.keyLine(s, i, lines[7+i]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// shareReader parses a share's text; its errors name the file and line.
type shareReader struct {
	name string
	data []byte
}

// shareLine is one non-blank line of a share: its number, label and value.
type shareLine struct {
	n            int
	label, value string
}

func (r *shareReader) fail(line int, format string, args ...any) error {
	return &signify.ParseError{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// layout splits the text into its labelled lines and checks that they are
// the share's lines, in order, and no more.
func (r *shareReader) layout() ([]shareLine, error) {
	var lines []shareLine
	for i, l := range strings.Split(string(r.data), "\n") {
		l = strings.Join(strings.Fields(strings.ToLower(l)), " ")
		if l == "" {
			continue
		}
		label, value, _ := strings.Cut(l, ":")
		lines = append(lines, shareLine{i + 1, strings.TrimSpace(label), strings.TrimSpace(value)})
	}
	want := 7 + shareLines
	if len(lines) == 0 {
		return nil, r.fail(0, "empty: expected a recovery key share, starting with %q", shareHeader)
	}
	if lines[0].label != shareHeader || lines[0].value != "" {
		return nil, r.fail(lines[0].n, "expected %q, the first line of a recovery key share", shareHeader)
	}
	labels := []string{"package", "signatory", "key number", "split", "share", "check"}
	for i := 1; i < want; i++ {
		exp := ""
		if i <= len(labels) {
			exp = labels[i-1]
		} else {
			exp = strconv.Itoa(i - len(labels))
		}
		if i >= len(lines) {
			return nil, r.fail(0, "only %d of the %d lines of a share: the line %q and what follows it are missing", len(lines), want, exp+":")
		}
		if lines[i].label != exp {
			return nil, r.fail(lines[i].n, "expected the line %q, found %q", exp+":", lines[i].label)
		}
	}
	if len(lines) > want {
		return nil, r.fail(lines[want].n, "unexpected line after key line %d; a share has %d lines", shareLines, want)
	}
	return lines, nil
}

// hexField decodes l's value, exactly len(dst) bytes of hex, into dst.
func (r *shareReader) hexField(l shareLine, dst []byte, what string) error {
	b, err := hex.DecodeString(l.value)
	if err != nil || len(b) != len(dst) {
		return r.fail(l.n, "%s: expected %d hex digits, found %q", what, 2*len(dst), l.value)
	}
	copy(dst, b)
	return nil
}

// header reads the package, signatory, key number, split and share lines.
func (r *shareReader) header(s *Share, lines []shareLine) error {
	s.Package = lines[1].value
	// Package names are case-sensitive; take the original spelling.
	if orig := originalValue(r.data, lines[1].n); strings.EqualFold(orig, s.Package) {
		s.Package = orig
	}
	if err := chain.CheckPackage(s.Package); err != nil {
		return r.fail(lines[1].n, "%v", err)
	}
	var sig [16]byte
	if err := r.hexField(lines[2], sig[:], "signatory"); err != nil {
		return err
	}
	s.Signatory = chain.SignatoryID(hex.EncodeToString(sig[:]))
	if err := r.hexField(lines[3], s.KeyNum[:], "key number"); err != nil {
		return err
	}
	if err := r.hexField(lines[4], s.Split[:], "split"); err != nil {
		return err
	}
	m := shareCountRE.FindStringSubmatch(lines[5].value)
	if m == nil {
		return r.fail(lines[5].n, "expected \"share: <i> of <N>, any <M> rebuild the key\", found %q", lines[5].value)
	}
	s.Index, _ = strconv.Atoi(m[1])
	s.Total, _ = strconv.Atoi(m[2])
	s.Threshold, _ = strconv.Atoi(m[3])
	if s.Threshold < 2 || s.Threshold > s.Total || s.Total > MaxShares || s.Index < 1 || s.Index > s.Total {
		return r.fail(lines[5].n, "share %d of %d, any %d: impossible (need 1 <= i <= N <= %d and 2 <= M <= N)", s.Index, s.Total, s.Threshold, MaxShares)
	}
	return nil
}

// headerCheck compares the header with its two check words.
func (r *shareReader) headerCheck(s *Share, lines []shareLine) error {
	cl := lines[6]
	cw := strings.Fields(cl.value)
	if len(cw) != 2 {
		return r.fail(cl.n, "the header check is 2 words, found %d", len(cw))
	}
	var hc [2]byte
	for j, w := range cw {
		v, err := wordValue(w, j)
		if err != nil {
			return r.fail(cl.n, "header check, word %d: %v", j+1, err)
		}
		hc[j] = v
	}
	if hc != s.headerCheck() {
		return r.fail(cl.n, "the header does not match its check words: one of the lines package, signatory, key number, split or share (lines %d-%d) is mistyped", lines[1].n, lines[5].n)
	}
	return nil
}

// keyLine reads key line i into s.Value. Its Reed-Solomon check words name
// a single mistyped word and what it should be.
func (r *shareReader) keyLine(s *Share, i int, l shareLine) error {
	words := strings.Fields(l.value)
	if len(words) != shareLineWord {
		return r.fail(l.n, "key line %d has %d words, expected %d (%d key words and %d check words)", i+1, len(words), shareLineWord, shareLineKey, shareLineEC)
	}
	vals := make([]byte, len(words))
	for j, w := range words {
		v, err := wordValue(w, j)
		if err != nil {
			return r.fail(l.n, "key line %d, word %d: %v", i+1, j+1, err)
		}
		vals[j] = v
	}
	received := s.lineCodeword(i, vals)
	sent := slices.Clone(received)
	if err := reedsolomon.NewReedSolomonDecoder(reedsolomon.GenericGF_QR_CODE_FIELD_256).Decode(received, shareLineEC); err != nil {
		return r.fail(l.n, "key line %d does not match its check words: more than one word is wrong, or the line belongs to another share", i+1)
	}
	var diff []int
	for p := range received {
		if received[p] != sent[p] {
			diff = append(diff, p)
		}
	}
	switch {
	case len(diff) == 1 && diff[0] >= sharePrefix:
		j := diff[0] - sharePrefix
		kind := ""
		if j >= shareLineKey {
			kind = " (a check word)"
		}
		return r.fail(l.n, "key line %d, word %d%s: %q is wrong: the check words say it should be %q",
			i+1, j+1, kind, words[j], pgpwordlist.ByteToMnemonic(byte(received[diff[0]]), j))
	case len(diff) > 0:
		return r.fail(l.n, "key line %d does not match its check words: more than one word is wrong, or the line belongs to another share", i+1)
	}
	copy(s.Value[i*shareLineKey:], vals[:shareLineKey])
	return nil
}

// originalValue returns the value of input line n (1-based) as typed, with
// its case, after the first ':'.
func originalValue(data []byte, n int) string {
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	_, v, _ := strings.Cut(lines[n-1], ":")
	return strings.Join(strings.Fields(v), " ")
}
