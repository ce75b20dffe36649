// Every rule, in the order findings on one statement are reported.
import { addColumnNotNullWithoutDefault, volatileDefault } from "./add-column.ts";
import { changeColumnType } from "./change-column-type.ts";
import {
  addCheckWithoutNotValid,
  addExclusionConstraint,
  addForeignKeyWithoutNotValid,
  addUniqueConstraint,
  domainCheck,
  primaryKeyNullable,
  restrictWrites,
  uniqueOnExistingData,
  validateUnderLock,
} from "./constraints.ts";
import { backfillUnderLock, updateWithoutWhere } from "./data.ts";
import { deleteWithoutWhere, dropDatabase, dropSchema, truncate } from "./destructive.ts";
import { dropColumn, dropTable } from "./drops.ts";
import { dropEnumValue, newEnumValueUsed, renameEnumValue } from "./enums.ts";
import { concurrentlyMixed, createIndexNonConcurrent, dropIndexNonConcurrent } from "./indexes.ts";
import { blockingMaintenance } from "./maintenance.ts";
import { lockTable } from "./locks.ts";
import { dropNotNull, dropObject, renameSchema, renameTableSchema, renameType } from "./objects.ts";
import { attachPartition, detachPartition, partitionedIndexConcurrently } from "./partitions.ts";
import { tableRewrite } from "./rewrites.ts";
import { concurrentlyInFunction, concurrentlyPg14Bug, concurrentlyUnsupported, lockTimeout, statementTimeout, transactionControl } from "./transactions.ts";
import { renameColumn, renameTable } from "./renames.ts";
import { replaceColumn } from "./replace-column.ts";
import type { Rule } from "./rule.ts";
import { setNotNull } from "./set-not-null.ts";

export const rules: readonly Rule[] = [
  transactionControl,
  lockTimeout,
  statementTimeout,
  renameColumn,
  renameTable,
  renameTableSchema,
  renameSchema,
  renameType,
  addColumnNotNullWithoutDefault,
  volatileDefault,
  dropColumn,
  replaceColumn,
  dropTable,
  dropObject,
  setNotNull,
  dropNotNull,
  changeColumnType,
  tableRewrite,
  createIndexNonConcurrent,
  partitionedIndexConcurrently,
  uniqueOnExistingData,
  concurrentlyPg14Bug,
  concurrentlyUnsupported,
  dropIndexNonConcurrent,
  concurrentlyMixed,
  concurrentlyInFunction,
  addForeignKeyWithoutNotValid,
  addCheckWithoutNotValid,
  addUniqueConstraint,
  primaryKeyNullable,
  addExclusionConstraint,
  restrictWrites,
  validateUnderLock,
  domainCheck,
  attachPartition,
  detachPartition,
  blockingMaintenance,
  truncate,
  deleteWithoutWhere,
  updateWithoutWhere,
  backfillUnderLock,
  lockTable,
  renameEnumValue,
  dropEnumValue,
  newEnumValueUsed,
  dropSchema,
  dropDatabase,
];
