// Every rule, in the order findings on one statement are reported.
import { addColumnNotNullWithoutDefault, volatileDefault } from "./add-column.ts";
import { changeColumnType } from "./change-column-type.ts";
import { addCheckWithoutNotValid, addExclusionConstraint, addForeignKeyWithoutNotValid, addUniqueConstraint } from "./constraints.ts";
import { backfillUnderLock, updateWithoutWhere } from "./data.ts";
import { deleteWithoutWhere, dropDatabase, dropSchema, truncate } from "./destructive.ts";
import { dropColumn, dropTable } from "./drops.ts";
import { dropEnumValue, renameEnumValue } from "./enums.ts";
import { concurrentlyMixed, createIndexNonConcurrent, dropIndexNonConcurrent } from "./indexes.ts";
import { blockingMaintenance } from "./maintenance.ts";
import { lockTable } from "./locks.ts";
import { renameColumn, renameTable } from "./renames.ts";
import { replaceColumn } from "./replace-column.ts";
import type { Rule } from "./rule.ts";
import { setNotNull } from "./set-not-null.ts";

export const rules: readonly Rule[] = [
  renameColumn,
  renameTable,
  addColumnNotNullWithoutDefault,
  volatileDefault,
  dropColumn,
  replaceColumn,
  dropTable,
  setNotNull,
  changeColumnType,
  createIndexNonConcurrent,
  dropIndexNonConcurrent,
  concurrentlyMixed,
  addForeignKeyWithoutNotValid,
  addCheckWithoutNotValid,
  addUniqueConstraint,
  addExclusionConstraint,
  blockingMaintenance,
  truncate,
  deleteWithoutWhere,
  updateWithoutWhere,
  backfillUnderLock,
  lockTable,
  renameEnumValue,
  dropEnumValue,
  dropSchema,
  dropDatabase,
];
