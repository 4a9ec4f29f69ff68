import type { Dispatch, SetStateAction } from "react";
import { StaticTable } from "@/components/data-table/static-table";
import { mappingColumns } from "./columns";
import type { ColumnChoice } from "./wizard-types";

/** Step 2's table: each column of the file, the field it maps to (editable), the confidence and the evidence. */
export function MappingTable({ columns, setColumns }: { columns: ColumnChoice[]; setColumns: Dispatch<SetStateAction<ColumnChoice[]>> }) {
  return (
    <StaticTable
      columns={mappingColumns(setColumns)}
      data={columns}
      getRowId={(c, i) => `${c.column}-${i}`}
      density="compact"
      alignTop
      testId="mapping-table"
    />
  );
}
