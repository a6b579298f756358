namespace DictionaryGenerator;

/// <summary>
/// One registered UID. <see cref="Type"/> is the name of a <c>DicomUidType</c> member;
/// <see cref="IsStorage"/> marks Storage SOP Classes (those a Storage SCP accepts with C-STORE).
/// </summary>
internal sealed record UidRow(string Uid, string Type, bool IsRetired, bool IsStorage, string Keyword, string Name);
