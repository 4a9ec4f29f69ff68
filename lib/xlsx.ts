import ExcelJS from "exceljs";

// Reading an uploaded .xlsx file (recipient lists, fleet spreadsheets, catalogs): the one place bytes become a workbook.

/**
 * The workbook in `data`; when it is not a readable .xlsx file, throws `unreadable(reason)` (the caller's own error,
 * worded for the person who uploaded it).
 */
export async function loadXlsx(data: Uint8Array, unreadable: (reason: string) => Error): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs accepts a Buffer; wrap the bytes without copying them.
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable((e as Error).message);
  }
  return wb;
}
