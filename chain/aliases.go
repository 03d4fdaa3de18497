package chain

import (
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The signify formats moved to chain/signify and the escaping of untrusted
// text to chain/untrusted. These aliases keep the old names working while
// callers move; they go once none is left.

type KeyNum = signify.KeyNum
type PublicKey = signify.PublicKey
type SecretKey = signify.SecretKey

var GenerateKey = signify.GenerateKey
var ParsePublicKey = signify.ParsePublicKey
var ParsePublicKeyText = signify.ParsePublicKeyText

type Signature = signify.Signature

var ParseSignature = signify.ParseSignature

const MaxCommentLen = signify.MaxCommentLen

var ParseArmor = signify.ParseArmor
var MarshalArmor = signify.MarshalArmor
var CheckComment = signify.CheckComment

const CommentHeader = signify.CommentHeader
const SecretKeySize = signify.SecretKeySize
const FingerprintWords = signify.FingerprintWords

type Fingerprint = signify.Fingerprint

var FingerprintOf = signify.FingerprintOf
var ErrWordMismatch = signify.ErrWordMismatch
var ErrWordInput = signify.ErrWordInput
var ErrChecksumMismatch = signify.ErrChecksumMismatch
var ErrFileMissing = signify.ErrFileMissing
var ErrNotRegularFile = signify.ErrNotRegularFile
var ErrFileChanged = signify.ErrFileChanged
var HashFiles = signify.HashFiles

type BadFile = signify.BadFile
type BadFilesError = signify.BadFilesError

var VerifyFiles = signify.VerifyFiles

const DefaultKDFRounds = signify.DefaultKDFRounds
const MaxKDFRounds = signify.MaxKDFRounds

type EncryptedSecretKey = signify.EncryptedSecretKey

var ParseSecretKey = signify.ParseSecretKey

const SlowKDF = signify.SlowKDF

var EncryptSecretKey = signify.EncryptSecretKey
var BcryptPBKDF = signify.BcryptPBKDF

const MaxChecksumEntries = signify.MaxChecksumEntries
const MaxChecksumLineLen = signify.MaxChecksumLineLen
const MaxChecksumNameLen = signify.MaxChecksumNameLen

type Checksum = signify.Checksum
type ChecksumList = signify.ChecksumList

var ParseChecksumList = signify.ParseChecksumList
var CheckChecksumName = signify.CheckChecksumName

type ParseError = signify.ParseError

var ErrWrongPassphrase = signify.ErrWrongPassphrase
var ErrBadSignature = signify.ErrBadSignature
var UnsafeRune = untrusted.UnsafeRune
var NeedsEscape = untrusted.NeedsEscape
var Escape = untrusted.Escape
var Quote = untrusted.Quote
var QuoteAll = untrusted.QuoteAll
var SanitizeMessage = untrusted.SanitizeMessage
var QuoteStart = untrusted.QuoteStart
